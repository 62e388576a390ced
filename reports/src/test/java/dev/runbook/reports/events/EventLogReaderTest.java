package dev.runbook.reports.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.reports.model.Attempt;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.LogLevel;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogReaderTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:45:01Z"), ZoneOffset.UTC);
    private final EventLogReader reader = new EventLogReader();

    private static RunHeader header() {
        return new RunHeader("r1", Mode.RUN, null, null, List.of(), null, null, null, null, null, null, null,
                null, List.of(), Map.of(), List.of(), 1);
    }

    @Test
    void everyAttemptOfARetriedStepIsKeptAndTheLastDecidesItsStatus(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
            log.write(ItemStarted.of("step/a", Kind.STEP, "A", "sql", "db", 1, null, "SELECT 1", 1));
            log.write(ItemFinished.failed("step/a", 1, 30, "deadlock detected", null));
            log.write(ItemStarted.of("step/a", Kind.STEP, "A", "sql", "db", 1, null, "SELECT 1", 2));
            log.write(ItemFinished.ok("step/a", 2, 20));
            log.write(new RunFinished(Outcome.SUCCEEDED, 0, 60, "changed"));
        }
        ReportItem a = reader.read(dir).items().get(0);
        assertEquals(Status.OK, a.status());
        assertEquals(List.of(Status.FAILED, Status.OK), a.attempts().stream().map(Attempt::status).toList());
        assertEquals("deadlock detected", a.attempts().get(0).reason());
        assertEquals(50, a.durationMs());
    }

    @Test
    void aBrokenLineBeforeTheEndIsAnErrorNotSilentlyDropped(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
        }
        Files.writeString(dir.resolve("events.jsonl"), "{broken\n"
                + "{\"v\":1,\"seq\":3,\"ts\":\"2026-11-22T10:45:02.000Z\",\"type\":\"log\",\"level\":\"info\","
                + "\"message\":\"m\",\"key\":null}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        MalformedEventLogException e = assertThrows(MalformedEventLogException.class, () -> reader.read(dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aLogWithoutRunStartedCannotBecomeAReport(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(LogMessage.info("orphan"));
        }
        assertThrows(MalformedEventLogException.class, () -> reader.read(dir));
        Files.writeString(dir.resolve("events.jsonl"), "");
        assertThrows(MalformedEventLogException.class, () -> reader.read(dir));
    }

    @Test
    void unknownFieldsAndEventTypesFromANewerEngineAreIgnored(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
            log.write(Map.of("type", "lock.acquired", "lock", "orders"));
            log.write(Map.of("type", "log", "level", "info", "message", "hi", "colour", "blue"));
            log.write(new RunFinished(Outcome.SUCCEEDED, 0, 5, "unchanged"));
        }
        RunReport report = reader.read(dir);
        assertEquals(Outcome.SUCCEEDED, report.outcome());
        assertEquals("hi", report.logTail().get(0).message());
        assertTrue(report.warnings().get(0).contains("lock.acquired"), report.warnings().toString());
    }

    @Test
    void theLogTailKeepsTheLastTwoHundredMessagesAndCountsAll(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
            for (int i = 1; i <= 250; i++) {
                log.write(new LogMessage(LogLevel.INFO, "message " + i, null));
            }
        }
        RunReport report = reader.read(dir);
        assertEquals(200, report.logTail().size());
        assertEquals(250, report.logTotal());
        assertEquals("message 51", report.logTail().get(0).message());
        assertEquals(Outcome.INTERRUPTED, report.outcome());
        assertNull(report.exitCode());
    }

    @Test
    void aRollbackPhaseCutShortIsInterruptedWithItsUncompensatedKeys(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
            log.write(new RollbackStarted("step/b failed", List.of("rollback/b", "rollback/a")));
            log.write(ItemStarted.of("rollback/b", Kind.ROLLBACK, "Undo b", "sql", "db", null, null, "DELETE", 1));
            log.write(ItemFinished.ok("rollback/b", 1, 10));
            log.write(ItemStarted.of("rollback/a", Kind.ROLLBACK, "Undo a", "sql", "db", null, null, "DROP", 1));
        }
        RunReport report = reader.read(dir);
        assertEquals(Status.INTERRUPTED, report.rollback().status());
        assertEquals(List.of("rollback/a"), report.rollback().remaining());
        assertTrue(report.targetState().startsWith("interrupted during rollback"), report.targetState());
    }

    @Test
    void aSkippedCheckIsNestedUnderItsStepByItsKey(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
            log.write(ItemStarted.of("step/v", Kind.STEP, "Verify", "assert", "db", 1, null, null, 1));
            log.write(new ItemSkipped("step/v/check/2", Kind.CHECK, "second", "check", "db", null, "first failed"));
            log.write(ItemFinished.failed("step/v", 1, 3, "check 1 failed", null));
        }
        ReportItem step = reader.read(dir).items().get(0);
        assertEquals("step/v/check/2", step.children().get(0).key());
        assertEquals(Status.SKIPPED, step.children().get(0).status());
        assertEquals("first failed", step.children().get(0).reason());
    }

    @Test
    void anErrorPositionReadsAsLineAndColumnAlsoFromTheTextOlderEnginesWrote(@TempDir Path dir) throws Exception {
        try (EventLogWriter log = EventLogWriter.open(dir, clock)) {
            log.write(new RunStarted(header()));
            log.write(ItemStarted.of("step/a", Kind.STEP, "A", "sql", "db", 1, null, "SELEC 1", 1));
            log.write(ItemFinished.failed("step/a", 1, 3, "syntax error",
                    new dev.runbook.reports.model.ErrorInfo("syntax error", "42601", new dev.runbook.reports.model.SqlPosition(1, 1))));
        }
        Files.writeString(dir.resolve("events.jsonl"), "{\"v\":1,\"seq\":4,\"ts\":\"2026-11-22T10:45:01.000Z\","
                + "\"type\":\"item.finished\",\"key\":\"step/b\",\"attempt\":1,\"status\":\"failed\",\"duration_ms\":1,"
                + "\"error\":{\"message\":\"m\",\"sql_state\":\"22P02\",\"position\":\"line 2, column 8\"},\"captures\":{}}\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        List<ReportItem> items = reader.read(dir).items();
        assertEquals("line 1, column 1", items.get(0).attempts().get(0).error().position().text());
        assertEquals(new dev.runbook.reports.model.SqlPosition(2, 8), items.get(1).attempts().get(0).error().position());
    }
}
