package dev.runbook.reports.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.reports.model.JsonMapping;
import dev.runbook.reports.model.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reads a run's {@code events.jsonl} into a {@link RunReport}, skipping a torn last line as EVENTS.md
 * allows and failing loudly on damage anywhere else.
 */
public final class EventLogReader {

    private static final Map<String, Class<? extends Event>> TYPES = Map.of(
            RunStarted.TYPE, RunStarted.class,
            ItemStarted.TYPE, ItemStarted.class,
            ItemFinished.TYPE, ItemFinished.class,
            ItemSkipped.TYPE, ItemSkipped.class,
            RollbackStarted.TYPE, RollbackStarted.class,
            RollbackFinished.TYPE, RollbackFinished.class,
            LogMessage.TYPE, LogMessage.class,
            RunFinished.TYPE, RunFinished.class);

    private final ObjectMapper mapper = JsonMapping.newMapper();
    private final Map<Class<? extends Event>, ObjectReader> readers = new ConcurrentHashMap<>();

    /** Builds the report of a run folder, or of an {@code events.jsonl} file given directly. */
    public RunReport read(Path runDirOrFile) throws IOException {
        RunReportAssembler assembler = new RunReportAssembler();
        List<String> warnings = new ArrayList<>();
        forEachEvent(runDirOrFile, assembler::accept, warnings);
        return assembler.build(warnings);
    }

    /** All complete events in file order, for tools that need more than the report. */
    public List<LoggedEvent> readEvents(Path runDirOrFile) throws IOException {
        List<LoggedEvent> events = new ArrayList<>();
        forEachEvent(runDirOrFile, events::add, new ArrayList<>());
        return events;
    }

    private void forEachEvent(Path runDirOrFile, Consumer<LoggedEvent> sink, List<String> warnings)
            throws IOException {
        Path file = Files.isDirectory(runDirOrFile)
                ? runDirOrFile.resolve(EventLogWriter.FILE_NAME) : runDirOrFile;
        // InputStreamReader replaces a multi-byte character cut in half instead of throwing, so a torn
        // last line fails as JSON below and is skipped like any other torn line.
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            int lineNo = 0;
            Unparsable pending = null;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (pending != null) {
                    throw new MalformedEventLogException(file + " line " + pending.lineNo
                            + " is not a valid event and is not the last line: " + pending.cause.getMessage(),
                            pending.cause);
                }
                LoggedEvent event;
                try {
                    event = parse(line, warnings, lineNo);
                } catch (IOException | RuntimeException e) {
                    pending = new Unparsable(lineNo, e);
                    continue;
                }
                if (event != null) {
                    sink.accept(event);
                }
            }
            if (pending != null) {
                warnings.add("line " + pending.lineNo + " of " + EventLogWriter.FILE_NAME
                        + " was incomplete (the process stopped mid-write) and was skipped");
            }
        }
    }

    private LoggedEvent parse(String line, List<String> warnings, int lineNo) throws IOException {
        Envelope envelope = envelope(line);
        if (envelope.version != EventLogWriter.FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported event format version " + envelope.version);
        }
        Class<? extends Event> cls = TYPES.get(envelope.type);
        if (cls == null) {
            // A newer engine may add event types; skipping them keeps old reports readable.
            warnings.add("line " + lineNo + ": unknown event type '" + envelope.type + "' was ignored");
            return null;
        }
        // Binding straight from the text (the envelope fields are ignored as unknown) is about twice as
        // fast as building a tree first, which matters for 10,000-step runs.
        Event event = readers.computeIfAbsent(cls, mapper::readerFor).readValue(line);
        return new LoggedEvent(envelope.seq, EventTimes.parse(envelope.ts), event);
    }

    /** Reads only v/seq/ts/type, which the writer puts first, skipping over anything else. */
    private Envelope envelope(String line) throws IOException {
        Envelope envelope = new Envelope();
        try (JsonParser parser = mapper.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int found = 0;
            while (found < 4 && parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "v": envelope.version = parser.getValueAsInt(-1); found++; break;
                    case "seq": envelope.seq = parser.getValueAsLong(); found++; break;
                    case "ts": envelope.ts = parser.getValueAsString(); found++; break;
                    case "type": envelope.type = parser.getValueAsString(""); found++; break;
                    default: if (value.isStructStart()) {
                        parser.skipChildren();
                    }
                }
            }
        }
        if (envelope.ts == null) {
            throw new IllegalArgumentException("event without ts");
        }
        return envelope;
    }

    /** The fields the writer adds around every event; mutable only while one line is parsed. */
    private static final class Envelope {
        int version = -1;
        long seq;
        String ts;
        String type = "";
    }

    private record Unparsable(int lineNo, Exception cause) {
    }
}
