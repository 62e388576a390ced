package dev.runbook.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code events.jsonl} per reports/EVENTS.md: one JSON object per line, synced to disk before
 * {@link #append} returns, so a crash loses at most the event being written. Not thread-safe by itself;
 * callers serialise appends.
 */
public final class JsonlEventSink implements EventSink {
    public static final String FILE_NAME = "events.jsonl";

    private final ObjectMapper json = new ObjectMapper();
    // A stream, not a FileChannel: an interrupt of the run's thread (Ctrl-C) would close a channel
    // and lose the events that tell what happened.
    private final FileOutputStream out;
    private final Clock clock;
    private int seq;

    public JsonlEventSink(Path runDir, Clock clock) throws IOException {
        Files.createDirectories(runDir);
        this.out = new FileOutputStream(runDir.resolve(FILE_NAME).toFile(), true);
        this.clock = clock;
    }

    @Override
    public synchronized void append(Map<String, Object> event) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("v", 1);
        line.put("seq", ++seq);
        line.put("ts", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
        line.putAll(event);
        byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.getFD().sync();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
