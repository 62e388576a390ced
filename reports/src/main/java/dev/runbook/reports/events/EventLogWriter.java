package dev.runbook.reports.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.reports.model.JsonMapping;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Appends events to a run folder's {@code events.jsonl}: each line is handed to the operating system before
 * {@code write} returns (so it outlives a kill of this process), and forced to disk too when written as durable
 * (see {@link #write(Event, boolean)}). Writes go through {@link RandomAccessFile}, whose calls an interrupt of the
 * writing thread cannot abort: an interrupted {@link FileChannel} operation would close the file for good and lose
 * every later event (Ctrl-C interrupts the run's thread). Safe to share between threads.
 */
public final class EventLogWriter implements Closeable {

    /** The file name every run folder uses. */
    public static final String FILE_NAME = "events.jsonl";

    /** Format version written in {@code v}. */
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> ENVELOPE = Set.of("v", "seq", "ts", "type");
    private final Path file;
    private final RandomAccessFile out;
    private final Clock clock;
    private final ObjectMapper mapper = JsonMapping.newMapper();
    private final MaskedJson plain = new MaskedJson(mapper, text -> text);
    private long seq;
    private boolean closed;

    private EventLogWriter(Path file, RandomAccessFile out, Clock clock, long lastSeq) {
        this.file = file;
        this.out = out;
        this.clock = clock;
        this.seq = lastSeq;
    }

    /** Opens {@code runDir/events.jsonl} for append, creating folder and file as needed. */
    public static EventLogWriter open(Path runDir) throws IOException {
        return open(runDir, Clock.systemUTC());
    }

    /**
     * Opens for append with the given clock. An existing log continues its {@code seq}; a last line left
     * without its newline by a killed writer is cut first, so the new events do not glue onto it.
     */
    public static EventLogWriter open(Path runDir, Clock clock) throws IOException {
        Objects.requireNonNull(clock, "clock");
        Files.createDirectories(runDir);
        Path file = runDir.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        long lastSeq;
        // The channel only prepares the file (a torn tail cut) before anything can interrupt this thread.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            lastSeq = ExistingLog.prepareForAppend(channel, JsonMapping.newMapper());
        }
        if (created) {
            syncDirectory(runDir);
        }
        RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw");
        try {
            out.seek(out.length());
            return new EventLogWriter(file, out, clock, lastSeq);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    /** Writes one typed event and returns its {@code seq}. */
    public long write(Event event) throws IOException {
        return write(event, true);
    }

    /**
     * Writes one typed event and returns its {@code seq}; with {@code durable} false the line is written but not
     * forced to disk, and becomes durable with the next durable write (forcing the file covers every byte before).
     */
    public long write(Event event, boolean durable) throws IOException {
        return write(event, plain, durable);
    }

    /**
     * Writes one typed event with every string in it (names and keys too) passed through {@code json}'s mask;
     * returns its {@code seq}. See {@link #write(Event, boolean)} for {@code durable}.
     */
    public long write(Event event, MaskedJson json, boolean durable) throws IOException {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(json, "json");
        synchronized (this) {
            long next = seq + 1;
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            try (JsonGenerator g = mapper.getFactory().createGenerator(line)) {
                startLine(g, next, event.type());
                // No event record has a field named as the envelope's (MaskedJsonTest checks), so none is dropped.
                json.writeFields(g, event);
                g.writeEndObject();
            }
            line.write('\n');
            return appendLine(next, line.toByteArray(), durable);
        }
    }

    /**
     * Writes an event already in its JSON form (its record as {@code valueToTree} gives it, e.g. after masking);
     * returns its {@code seq}. See {@link #write(Event, boolean)} for {@code durable}.
     */
    public long write(String type, JsonNode body, boolean durable) throws IOException {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        return append(type, body, durable);
    }

    /**
     * Writes an event given as a map holding {@code type} and the type's fields, for event types this
     * library has no record for yet; returns its {@code seq}.
     */
    public long write(Map<String, ?> event) throws IOException {
        Objects.requireNonNull(event, "event");
        Object type = event.get("type");
        if (!(type instanceof String) || ((String) type).isBlank()) {
            throw new IllegalArgumentException("an event map needs a string 'type'");
        }
        for (String key : event.keySet()) {
            if (!key.equals("type") && ENVELOPE.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is set by the writer, not by the caller");
            }
        }
        return append((String) type, mapper.valueToTree(event), true);
    }

    private synchronized long append(String type, JsonNode body, boolean durable) throws IOException {
        if (closed) {
            throw new IllegalStateException("event log is closed: " + file);
        }
        long next = seq + 1;
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
        try (JsonGenerator g = mapper.getFactory().createGenerator(line)) {
            startLine(g, next, type);
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!ENVELOPE.contains(field.getKey())) {
                    g.writeFieldName(field.getKey());
                    mapper.writeTree(g, field.getValue());
                }
            }
            g.writeEndObject();
        }
        line.write('\n');
        return appendLine(next, line.toByteArray(), durable);
    }

    /** Opens the line's object with the envelope, which the reader finds first: v, seq, ts, type. */
    private void startLine(JsonGenerator g, long next, String type) throws IOException {
        g.writeStartObject();
        g.writeNumberField("v", FORMAT_VERSION);
        g.writeNumberField("seq", next);
        g.writeStringField("ts", EventTimes.format(clock.instant()));
        g.writeStringField("type", type);
    }

    private synchronized long appendLine(long next, byte[] bytes, boolean durable) throws IOException {
        if (closed) {
            throw new IllegalStateException("event log is closed: " + file);
        }
        // One write at the end (the file pointer stays there: this writer is the file's only one).
        out.write(bytes);
        if (durable) out.getFD().sync();
        seq = next;
        return next;
    }

    /** Forces every line written so far to disk. */
    public synchronized void force() throws IOException {
        if (!closed) out.getFD().sync();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the new file's directory entry durable too; not every platform can open a directory.
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
            dirChannel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort only: the file's own content is still forced on every write.
        }
    }
}
