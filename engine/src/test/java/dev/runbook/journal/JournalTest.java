package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.db.Dialect;
import dev.runbook.testdb.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run journal against a real PostgreSQL: creation, versioning, rows before and after, once, run state. */
class JournalTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    static final Dialect POSTGRES = Dialect.forEngine("postgresql");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    TestPostgres.Db db;
    TickingClock clock;
    Connector connector;

    @BeforeEach
    void setUp() {
        db = PG.freshDatabase();
        clock = new TickingClock(T0);
        connector = db::connect;
    }

    static RunRecord run(String runId, String runbookId) {
        return new RunRecord(runId, runbookId, "sha256:rb", "sha256:plan-" + runId, "OPS-42", "staging", "alice",
                "laptop", "0.1.0");
    }

    private Journal open() {
        return Journal.open(connector, POSTGRES, null, clock);
    }

    @Test
    void isCreatedOnFirstUseWithItsSchemaVersionAndReopenedAfter() {
        assertFalse(db.tableExists("history"));
        open().close();
        assertTrue(db.tableExists("history"));
        assertEquals("1", db.one("SELECT schema_version FROM runbook.history_meta"));
        open().close();
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history_meta"));
    }

    @Test
    void stepRowIsCommittedBeforeTheStepAndSurvivesItsRollback() throws Exception {
        db.exec("CREATE TABLE accounts (id int)");
        try (Journal journal = open(); Connection step = db.connect(); Connection observer = db.connect()) {
            JournalRun r = journal.begin(run("r1", "shop"));
            step.setAutoCommit(false);
            try (Statement st = step.createStatement()) {
                st.execute("INSERT INTO accounts VALUES (1)");
            }

            r.itemStarted("step/fix", "sha256:step");
            // Another session sees the row while the step's transaction is still open.
            assertEquals("started", one(observer, "SELECT status FROM runbook.history WHERE item_key = 'step/fix'"));

            step.rollback();
            r.itemFinished("step/fix", JournalStatus.FAILED, "sha256:evidence", "duplicate key");

            assertEquals("0", one(observer, "SELECT count(*) FROM accounts"), "the step's change was rolled back");
            assertEquals("failed|sha256:evidence|duplicate key|sha256:step", one(observer,
                    "SELECT status || '|' || evidence_digest || '|' || detail || '|' || item_checksum"
                            + " FROM runbook.history WHERE item_key = 'step/fix'"));
        }
    }

    @Test
    void rowsCarryTheRunsIdentityAndTimes() {
        try (Journal journal = open()) {
            JournalRun r = journal.begin(run("r1", "shop"));
            r.itemStarted("step/a", "sha256:a");
            r.itemFinished("step/a", JournalStatus.SUCCEEDED, null, null);
            r.finished(JournalStatus.SUCCEEDED, "changed: 1 step applied");
        }
        assertEquals("r1|step|shop|sha256:rb|sha256:a|OPS-42|staging|alice|laptop|0.1.0|succeeded", db.one(
                "SELECT concat_ws('|', run_id, kind, runbook_id, runbook_checksum, item_checksum, ticket, environment,"
                        + " operator, host, tool_version, status) FROM runbook.history WHERE item_key = 'step/a'"));
        assertEquals("sha256:plan-r1|succeeded|changed: 1 step applied", db.one(
                "SELECT concat_ws('|', item_checksum, status, detail) FROM runbook.history WHERE item_key = 'run'"));
        assertEquals("2026-11-22 10:00:01+00|2026-11-22 10:00:02+00", db.one(
                "SELECT concat_ws('|', started_at AT TIME ZONE 'UTC' || '+00', ended_at AT TIME ZONE 'UTC' || '+00')"
                        + " FROM runbook.history WHERE item_key = 'step/a'"));
    }

    @Test
    void aRetryUpdatesTheSameRow() {
        try (Journal journal = open()) {
            JournalRun r = journal.begin(run("r1", "shop"));
            r.itemStarted("step/a", "sha256:a");
            r.itemFinished("step/a", JournalStatus.FAILED, null, "timeout");
            r.itemStarted("step/a", "sha256:a");
            assertEquals("started|", db.one("SELECT status || '|' || coalesce(ended_at::text, '') FROM runbook.history"
                    + " WHERE item_key = 'step/a'"));
            r.itemFinished("step/a", JournalStatus.SUCCEEDED, null, "attempt 2");
        }
        assertEquals(List.of("succeeded"), db.column("SELECT status FROM runbook.history WHERE item_key = 'step/a'"));
    }

    @Test
    void onceFindsTheLastSuccessfulApplicationOfThisRunbooksStep() {
        try (Journal journal = open()) {
            assertEquals(Optional.empty(), journal.appliedOnce("shop", "seed"));

            JournalRun first = journal.begin(run("r1", "shop"));
            first.itemStarted("step/seed", "sha256:v1");
            first.itemFinished("step/seed", JournalStatus.SUCCEEDED, null, null);
            OnceApplication applied = journal.appliedOnce("shop", "seed").orElseThrow();
            assertEquals("sha256:v1", applied.checksum());
            assertEquals("r1", applied.runId());
            assertEquals(T0.plusSeconds(2), applied.appliedAt());
            assertEquals(Optional.empty(), journal.appliedOnce("other-runbook", "seed"));

            JournalRun skipped = journal.begin(run("r2", "shop"));
            skipped.itemSkipped("step/seed", "sha256:v1", "already applied by run r1");
            assertEquals("r1", journal.appliedOnce("shop", "seed").orElseThrow().runId(), "a skip is not an application");

            JournalRun undone = journal.begin(run("r3", "shop"));
            undone.itemStarted("step/seed", "sha256:v2");
            undone.itemFinished("step/seed", JournalStatus.SUCCEEDED, null, null);
            undone.itemRolledBack("step/seed", "rolled back after step/next failed");
            assertEquals(Optional.empty(), journal.appliedOnce("shop", "seed"), "rolled back means not applied");

            JournalRun again = journal.begin(run("r4", "shop"));
            again.itemStarted("step/seed", "sha256:v2");
            again.itemFinished("step/seed", JournalStatus.SUCCEEDED, null, null);
            assertEquals("sha256:v2", journal.appliedOnce("shop", "seed").orElseThrow().checksum());
        }
    }

    @Test
    void runStateTellsWhatCompletedAndWhatWasLeftHalfDone() {
        try (Journal journal = open()) {
            JournalRun r = journal.begin(run("r1", "shop"));
            r.itemStarted("precondition/1", null);
            r.itemFinished("precondition/1", JournalStatus.SUCCEEDED, null, null);
            r.itemStarted("step/a", "sha256:a");
            r.itemFinished("step/a", JournalStatus.SUCCEEDED, null, null);
            r.itemSkipped("step/b", "sha256:b", "when is false");
            r.itemStarted("step/c", "sha256:c");
            // The process dies here: no outcome for step/c, none for the run.
        }
        try (Journal journal = open()) {
            RunState state = journal.runState("r1").orElseThrow();
            assertEquals("shop", state.runbookId());
            assertEquals("sha256:rb", state.runbookChecksum());
            assertEquals("sha256:plan-r1", state.planHash());
            assertEquals(JournalStatus.STARTED, state.status());
            assertEquals(Set.of("precondition/1", "step/a"), state.completedKeys(), "a skip is decided again on resume");
            assertEquals(List.of("step/c"), state.unfinished().stream().map(ItemState::key).toList());
            assertEquals(JournalStatus.SKIPPED, state.item("step/b").orElseThrow().status());
            assertEquals("sha256:c", state.item("step/c").orElseThrow().checksum());
            assertEquals(List.of(), state.rolledBack());
            assertEquals(Optional.empty(), journal.runState("nope"));
        }
    }

    @Test
    void aJournalFromANewerRunbookIsRefusedNamingBothVersions() {
        open().close();
        db.exec("UPDATE runbook.history_meta SET schema_version = 7");

        JournalVersionException e = assertThrows(JournalVersionException.class, this::open);

        assertEquals(7, e.found());
        assertEquals(1, e.supported());
        assertTrue(e.getMessage().contains("schema version is 7") && e.getMessage().contains("version 1 at most"),
                e.getMessage());
        assertTrue(e.getMessage().contains("runbook.history"));
    }

    @Test
    void aQualifiedTableNameWorks() {
        db.exec("CREATE SCHEMA ops");
        try (Journal journal = Journal.open(connector, POSTGRES, "ops.run_log", clock)) {
            journal.begin(run("r1", "shop")).finished(JournalStatus.SUCCEEDED, null);
            assertEquals("ops.run_log", journal.table());
        }
        assertEquals("1", db.one("SELECT schema_version FROM ops.run_log_meta"));
        assertEquals("succeeded", db.one("SELECT status FROM ops.run_log"));
    }

    @Test
    void overlongValuesAreCutToTheirColumns() {
        String ticket = "T".repeat(500);
        try (Journal journal = open()) {
            JournalRun r = journal.begin(new RunRecord("r1", "shop", null, null, ticket, null, "alice", null, null));
            r.itemStarted("step/a", null);
            r.itemFinished("step/a", JournalStatus.FAILED, "d".repeat(200), "x".repeat(20_000));
        }
        assertEquals("200", db.one("SELECT length(ticket) FROM runbook.history WHERE item_key = 'run'"));
        assertEquals("80|8000", db.one("SELECT length(evidence_digest) || '|' || length(detail) FROM runbook.history"
                + " WHERE item_key = 'step/a'"));
    }

    @Test
    void aBrokenJournalConnectionIsReplaced() {
        try (Journal journal = open()) {
            JournalRun r = journal.begin(run("r1", "shop"));
            db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'runbook-journal'");
            r.itemStarted("step/a", null);
        }
        assertEquals("started", db.one("SELECT status FROM runbook.history WHERE item_key = 'step/a'"));
    }

    @Test
    void twoRunsCreatingTheJournalAtOnceBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<String> opener = () -> {
                try (Journal j = Journal.open(connector, POSTGRES, null, clock)) {
                    return j.table();
                }
            };
            List<Future<String>> all = pool.invokeAll(List.of(opener, opener, opener, opener));
            for (Future<String> f : all) assertEquals("runbook.history", f.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history_meta"));
    }

    @Test
    void eventWordsMapToJournalStatuses() {
        assertEquals(JournalStatus.SUCCEEDED, JournalStatus.ofItemEvent("warned"));
        assertEquals(JournalStatus.SKIPPED, JournalStatus.ofItemEvent("not_rehearsed"));
        assertEquals(JournalStatus.FAILED, JournalStatus.ofRunOutcome("precondition_failed"));
        assertEquals(JournalStatus.ROLLED_BACK, JournalStatus.ofRunOutcome("rolled_back"));
        assertThrows(IllegalArgumentException.class, () -> JournalStatus.ofRunOutcome("locked"));
    }

    private static String one(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
