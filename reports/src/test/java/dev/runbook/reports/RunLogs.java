package dev.runbook.reports;

import dev.runbook.reports.events.EventLogWriter;
import dev.runbook.reports.events.ItemFinished;
import dev.runbook.reports.events.ItemSkipped;
import dev.runbook.reports.events.ItemStarted;
import dev.runbook.reports.events.LogMessage;
import dev.runbook.reports.events.RollbackFinished;
import dev.runbook.reports.events.RollbackStarted;
import dev.runbook.reports.events.RunFinished;
import dev.runbook.reports.events.RunStarted;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.SqlPosition;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.FileDigest;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.LogLevel;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.Output;
import dev.runbook.reports.model.Policy;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunbookInfo;
import dev.runbook.reports.model.Status;
import dev.runbook.reports.model.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the event logs of typical runs with the real {@link EventLogWriter}, as the engine would. */
final class RunLogs {

    static final String ADD_COLUMN_SQL = "ALTER TABLE orders\n  ADD COLUMN legacy_flag boolean NOT NULL DEFAULT false;";
    static final String BACKFILL_SQL = "UPDATE orders\n   SET legacy_flag = true\n WHERE created_at < DATE '2020-01-01';";
    static final String MANUAL_ACTION = "Drop the column by hand: ALTER TABLE orders DROP COLUMN legacy_flag;\n"
            + "then re-run the runbook with --resume.";

    private RunLogs() {
    }

    static RunHeader header(Mode mode, Map<String, String> params) {
        return new RunHeader("20261122-104501-7f3a", mode, null,
                new RunbookInfo("orders-legacy-flag", "Flag legacy orders", "3", "team-orders",
                        "Adds and backfills orders.legacy_flag", "runbooks/orders-legacy-flag.yaml",
                        "sha256:9f2c1e0b7a"),
                List.of(new FileDigest("sql/backfill.sql", "sha256:aa11bb22")),
                "CHG-4711", "production", "alice", "ops-bastion-1", "runbook 0.1.0", "sha256:planhash42",
                "plans/CHG-4711.plan.json", "20261121-090000-aaaa",
                List.of(new Target("shop", "postgresql", "postgresql://app@db:5432/shop")), params,
                List.of(new Policy("change-window", true, "inside Sat 02:00-04:00")), 4);
    }

    static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("cutoff", "2020-01-01");
        params.put("db_password", "******");
        return params;
    }

    static EventLogWriter open(Path runDir) throws IOException {
        return EventLogWriter.open(runDir,
                new SteppingClock(Instant.parse("2026-11-22T10:45:01Z"), Duration.ofMillis(250)));
    }

    static void precondition(EventLogWriter log, int n, String name, ItemFinished finished) throws IOException {
        log.write(ItemStarted.of("precondition/" + n, Kind.PRECONDITION, name, "check", "shop", n, null,
                "SELECT count(*) FROM orders", 1));
        log.write(finished);
    }

    static void sqlStep(EventLogWriter log, String id, int index, String sql, ItemFinished finished)
            throws IOException {
        log.write(ItemStarted.of("step/" + id, Kind.STEP, "Step " + id, "sql", "shop", index, null, sql, 1));
        log.write(finished);
    }

    /** Two preconditions, an ALTER, a backfill, an assert with two checks, a shell step: all ok. */
    static Path success(Path runDir) throws IOException {
        try (EventLogWriter log = open(runDir)) {
            log.write(new RunStarted(header(Mode.RUN, params())));
            precondition(log, 1, "orders table exists", ItemFinished.ok("precondition/1", 1, 4)
                    .withExpectation("exists", "exists"));
            sqlStep(log, "add-column", 1, ADD_COLUMN_SQL, ItemFinished.ok("step/add-column", 1, 120));
            sqlStep(log, "backfill", 2, BACKFILL_SQL, ItemFinished.ok("step/backfill", 1, 2300).withAffected(1200L));
            log.write(ItemStarted.of("step/verify", Kind.STEP, "Verify backfill", "assert", "shop", 3, null, null, 1));
            log.write(ItemStarted.of("step/verify/check/1", Kind.CHECK, "no unflagged old orders", "check", "shop",
                    null, "step/verify", "SELECT count(*) FROM orders WHERE NOT legacy_flag AND created_at < :cutoff", 1));
            log.write(ItemFinished.ok("step/verify/check/1", 1, 15).withExpectation("count == 0", "0"));
            log.write(ItemFinished.ok("step/verify", 1, 16));
            log.write(ItemStarted.of("step/notify", Kind.STEP, "Tell the on-call channel", "shell", null, 4, null,
                    "notify-oncall --ticket CHG-4711", 1));
            log.write(LogMessage.info("notification sent"));
            log.write(ItemFinished.ok("step/notify", 1, 40).withOutput(new Output("sent 1 message\n", false)));
            log.write(new RunFinished(Outcome.SUCCEEDED, 0, 3100, "changed: orders.legacy_flag added and backfilled"));
        }
        return runDir;
    }

    /** The assert fails (3 old orders still unflagged); both applied steps are rolled back. */
    static Path failedAssertionRolledBack(Path runDir, Mode mode) throws IOException {
        try (EventLogWriter log = open(runDir)) {
            log.write(new RunStarted(header(mode, params())));
            precondition(log, 1, "orders table exists", ItemFinished.ok("precondition/1", 1, 4));
            sqlStep(log, "add-column", 1, ADD_COLUMN_SQL, ItemFinished.ok("step/add-column", 1, 120));
            sqlStep(log, "backfill", 2, BACKFILL_SQL, ItemFinished.ok("step/backfill", 1, 2300).withAffected(1197L));
            log.write(ItemStarted.of("step/verify", Kind.STEP, "Verify backfill", "assert", "shop", 3, null, null, 1));
            log.write(ItemStarted.of("step/verify/check/1", Kind.CHECK, "no unflagged old orders", "check", "shop",
                    null, "step/verify", "SELECT id, created_at FROM orders\nWHERE NOT legacy_flag\n  AND created_at < :cutoff", 1));
            log.write(ItemFinished.failed("step/verify/check/1", 1, 15, "3 old orders are still not flagged", null)
                    .withExpectation("count == 0", "3")
                    .withEvidence(new Evidence(List.of("id", "created_at"),
                            List.of(List.of("1001", "2019-03-02"), List.of("1002", "2019-07-14"),
                                    java.util.Arrays.asList("1003", null)), 3, false)));
            log.write(ItemFinished.failed("step/verify", 1, 16, "check 1 of 1 failed", null));
            log.write(new ItemSkipped("step/notify", Kind.STEP, "Tell the on-call channel", "shell", null, 4,
                    "not run: an earlier step failed"));
            log.write(new LogMessage(LogLevel.ERROR, "assertion failed, rolling back", "step/verify"));
            log.write(new RollbackStarted("step/verify failed", List.of("rollback/backfill", "rollback/add-column")));
            rollback(log, "backfill", "UPDATE orders SET legacy_flag = false;", ItemFinished.ok("rollback/backfill", 1, 900));
            rollback(log, "add-column", "ALTER TABLE orders DROP COLUMN legacy_flag;",
                    ItemFinished.ok("rollback/add-column", 1, 80));
            log.write(new RollbackFinished(Status.OK, List.of(), null));
            log.write(new RunFinished(Outcome.ROLLED_BACK, 2, 4200,
                    "unchanged: every applied step was rolled back"));
        }
        return runDir;
    }

    static void rollback(EventLogWriter log, String id, String sql, ItemFinished finished) throws IOException {
        log.write(ItemStarted.of("rollback/" + id, Kind.ROLLBACK, "Undo " + id, "sql", "shop", null, null, sql, 1));
        log.write(finished);
    }

    /** The second precondition fails; no step runs. */
    static Path preconditionFailed(Path runDir) throws IOException {
        try (EventLogWriter log = open(runDir)) {
            log.write(new RunStarted(header(Mode.RUN, params())));
            precondition(log, 1, "orders table exists", ItemFinished.ok("precondition/1", 1, 4));
            precondition(log, 2, "table small enough for one transaction",
                    ItemFinished.failed("precondition/2", 1, 30, "orders has 2400000 rows, limit is 1000000", null)
                            .withExpectation("row_count < 1000000", "2400000"));
            log.write(new ItemSkipped("step/add-column", Kind.STEP, "Step add-column", "sql", "shop", 1,
                    "not run: a precondition failed"));
            log.write(new ItemSkipped("step/backfill", Kind.STEP, "Step backfill", "sql", "shop", 2,
                    "not run: a precondition failed"));
            log.write(new RunFinished(Outcome.PRECONDITION_FAILED, 3, 400,
                    "unchanged: a precondition failed before any step ran"));
        }
        return runDir;
    }

    /** Killed while the backfill ran: no run.finished and a half-written last line. */
    static Path interrupted(Path runDir) throws IOException {
        try (EventLogWriter log = open(runDir)) {
            log.write(new RunStarted(header(Mode.RUN, params())));
            precondition(log, 1, "orders table exists", ItemFinished.ok("precondition/1", 1, 4));
            sqlStep(log, "add-column", 1, ADD_COLUMN_SQL, ItemFinished.ok("step/add-column", 1, 120));
            log.write(ItemStarted.of("step/backfill", Kind.STEP, "Step backfill", "sql", "shop", 2, null,
                    BACKFILL_SQL, 1));
        }
        Files.write(runDir.resolve("events.jsonl"),
                "{\"v\":1,\"seq\":7,\"ts\":\"2026-11-22T10:45:03.000Z\",\"type\":\"log\",\"lev".getBytes(
                        StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        return runDir;
    }

    /** The backfill fails with a unique violation and its rollback fails too: someone must act by hand. */
    static Path rollbackFailed(Path runDir) throws IOException {
        try (EventLogWriter log = open(runDir)) {
            log.write(new RunStarted(header(Mode.RUN, params())));
            precondition(log, 1, "orders table exists", ItemFinished.ok("precondition/1", 1, 4));
            sqlStep(log, "add-column", 1, ADD_COLUMN_SQL, ItemFinished.ok("step/add-column", 1, 120));
            sqlStep(log, "backfill", 2, BACKFILL_SQL, ItemFinished.failed("step/backfill", 1, 50,
                    "duplicate key value violates unique constraint \"orders_pkey\"",
                    new ErrorInfo("ERROR: duplicate key value violates unique constraint \"orders_pkey\"", "23505", new SqlPosition(1, 8))));
            log.write(new RollbackStarted("step/backfill failed", List.of("rollback/add-column")));
            rollback(log, "add-column", "ALTER TABLE orders DROP COLUMN legacy_flag;",
                    ItemFinished.failed("rollback/add-column", 1, 5000, "lock timeout",
                            new ErrorInfo("canceling statement due to lock timeout", "55P03", null)));
            log.write(new LogMessage(LogLevel.ERROR, "rollback failed; manual action required", null));
            log.write(new RollbackFinished(Status.FAILED, List.of("rollback/add-column"), MANUAL_ACTION));
            log.write(new RunFinished(Outcome.ROLLBACK_FAILED, 4, 5600,
                    "changed: orders.legacy_flag was added and could not be removed"));
        }
        return runDir;
    }
}
