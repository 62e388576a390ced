package dev.runbook.reports.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.reports.model.LogLevel;
import dev.runbook.reports.model.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogWriterTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:45:01Z"), ZoneOffset.UTC);

    @Test
    void eachEventIsOneJsonLineWithVersionSequenceAndMillisecondTime(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            assertEquals(1, log.write(new LogMessage(LogLevel.WARN, "line one\nline two", "step/a")));
            assertEquals(2, log.write(new RunFinished(Outcome.SUCCEEDED, 0, 1200, "changed")));
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertEquals(2, lines.size(), "a newline inside a message must not split the event");
        JsonNode first = mapper.readTree(lines.get(0));
        assertEquals(List.of("v", "seq", "ts", "type", "level", "message", "key"), fieldNames(first));
        assertEquals(1, first.get("v").asInt());
        assertEquals("2026-11-22T10:45:01.000Z", first.get("ts").asText());
        assertEquals("warn", first.get("level").asText());
        JsonNode second = mapper.readTree(lines.get(1));
        assertEquals("run.finished", second.get("type").asText());
        assertEquals(1200, second.get("duration_ms").asInt());
        assertEquals("changed", second.get("target_state").asText());
    }

    @Test
    void anInterruptedWriterKeepsWritingForced(@TempDir Path dir) throws Exception {
        // Ctrl-C interrupts the run's thread; an interruptible channel would close the log and lose every later event.
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            Thread.currentThread().interrupt();
            try {
                log.write(new LogMessage(LogLevel.WARN, "while interrupted", null), true);
                log.write(new LogMessage(LogLevel.INFO, "not forced", null), false);
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the run to notice");
            } finally {
                Thread.interrupted();
            }
            log.write(new RunFinished(Outcome.INTERRUPTED, 130, 10, "unchanged"));
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals("run.finished", mapper.readTree(lines.get(2)).get("type").asText());
    }

    @Test
    void anEventTheLibraryHasNoRecordForCanBeWrittenAsAMap(@TempDir Path dir) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "lock.acquired");
        event.put("lock", "runbook:orders");
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(event);
            assertThrows(IllegalArgumentException.class, () -> log.write(Map.of("type", "x", "seq", 9)));
            assertThrows(IllegalArgumentException.class, () -> log.write(Map.of("lock", "no type")));
        }
        JsonNode line = mapper.readTree(Files.readAllLines(dir.resolve("events.jsonl")).get(0));
        assertEquals("lock.acquired", line.get("type").asText());
        assertEquals("runbook:orders", line.get("lock").asText());
        assertEquals(1, line.get("seq").asInt());
    }

    @Test
    void reopeningContinuesTheSequenceAndCutsALineAKilledWriterLeftHalfDone(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(LogMessage.info("one"));
            log.write(LogMessage.info("two"));
        }
        Files.write(dir.resolve("events.jsonl"), "{\"v\":1,\"seq\":3,\"ty".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            assertEquals(3, log.write(LogMessage.info("three")));
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertEquals(3, lines.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, mapper.readTree(lines.get(i)).get("seq").asInt());
        }
    }

    @Test
    void concurrentWritersGetDistinctSequenceNumbersAndWholeLines(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            List<Future<Long>> seqs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String message = "message " + i;
                seqs.add(pool.submit(() -> log.write(LogMessage.info(message))));
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> seq : seqs) {
                distinct.add(seq.get());
            }
            assertEquals(200, distinct.size());
        } finally {
            pool.shutdown();
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertEquals(200, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, mapper.readTree(lines.get(i)).get("seq").asInt(), "seq follows file order");
        }
    }

    @Test
    void writingAfterCloseIsRefused(@TempDir Path dir) throws Exception {
        EventLogWriter log = EventLogWriter.open(dir, clock);
        log.close();
        assertThrows(IllegalStateException.class, () -> log.write(LogMessage.info("late")));
        assertTrue(Files.exists(dir.resolve("events.jsonl")));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
