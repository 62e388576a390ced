package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.db.Dialect;
import dev.runbook.testdb.TestPostgres;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Past runs read back from a real journal: newest first, filtered, with step counts. */
class HistoryQueryTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    static final Dialect POSTGRES = Dialect.forEngine("postgresql");

    TestPostgres.Db db;

    @BeforeEach
    void setUp() {
        db = PG.freshDatabase();
    }

    private void record() {
        try (Journal journal = Journal.open(db::connect, POSTGRES, null, new TickingClock(Instant.parse("2026-11-20T09:00:00Z")))) {
            JournalRun r1 = journal.begin(JournalTest.run("r1", "shop"));
            r1.itemStarted("precondition/1", null);
            r1.itemFinished("precondition/1", JournalStatus.SUCCEEDED, null, null);
            r1.itemStarted("step/a", null);
            r1.itemFinished("step/a", JournalStatus.SUCCEEDED, null, null);
            r1.itemStarted("step/b", null);
            r1.itemFinished("step/b", JournalStatus.FAILED, null, "boom");
            r1.itemRolledBack("step/a", "compensated");
            r1.itemStarted("rollback/a", null);
            r1.itemFinished("rollback/a", JournalStatus.SUCCEEDED, null, null);
            r1.itemSkipped("step/c", null, "not run: step b failed");
            r1.finished(JournalStatus.ROLLED_BACK, "unchanged: step a was rolled back");

            JournalRun r2 = journal.begin(JournalTest.run("r2", "billing"));
            r2.itemStarted("step/x", null);
            r2.itemStarted("step/x/check/1", null);
            r2.itemFinished("step/x/check/1", JournalStatus.SUCCEEDED, null, null);

            JournalRun r3 = journal.begin(JournalTest.run("r3", "shop"));
            r3.itemStarted("step/a", null);
            r3.itemFinished("step/a", JournalStatus.SUCCEEDED, null, null);
            r3.finished(JournalStatus.SUCCEEDED, "changed");
        }
    }

    @Test
    void listsRunsNewestFirstWithStepCounts() throws Exception {
        record();
        try (Connection c = db.connect()) {
            List<PastRun> runs = new HistoryQuery(POSTGRES, null).runs(c, null, 50);

            assertEquals(List.of("r3", "r2", "r1"), runs.stream().map(PastRun::runId).toList());
            PastRun r1 = runs.get(2);
            assertEquals("shop", r1.runbookId());
            assertEquals("OPS-42", r1.ticket());
            assertEquals("staging", r1.environment());
            assertEquals("alice", r1.operator());
            assertEquals(JournalStatus.ROLLED_BACK, r1.status());
            assertEquals(Instant.parse("2026-11-20T09:00:00Z"), r1.startedAt());
            assertEquals("unchanged: step a was rolled back", r1.detail());
            assertEquals(new StepCounts(3, 0, 1, 1, 1, 0), r1.steps(), "rollbacks, preconditions and checks are not steps");
            assertEquals(new StepCounts(1, 0, 0, 0, 0, 1), runs.get(1).steps(), "a run still going (or dead)");
            assertEquals(JournalStatus.INTERRUPTED, runs.get(1).status(), "no session holds its run lock: it died");
            assertTrue(runs.get(1).detail().contains("runbook resume r2"), runs.get(1).detail());
            assertEquals(null, runs.get(1).endedAt());
        }
    }

    @Test
    void filtersByRunbookAndLimits() throws Exception {
        record();
        try (Connection c = db.connect()) {
            HistoryQuery q = new HistoryQuery(POSTGRES, null);
            assertEquals(List.of("r3", "r1"), q.runs(c, "shop", 50).stream().map(PastRun::runId).toList());
            assertEquals(List.of("r3"), q.runs(c, null, 1).stream().map(PastRun::runId).toList());
            assertEquals("r2", q.run(c, "r2").orElseThrow().runId());
            assertFalse(q.run(c, "nope").isPresent());
        }
    }

    @Test
    void aTargetWithoutJournalHasNoRunsAndStaysUntouched() throws Exception {
        try (Connection c = db.connect()) {
            assertEquals(List.of(), new HistoryQuery(POSTGRES, null).runs(c, null, 10));
        }
        assertFalse(db.tableExists("history"));
    }

    @Test
    void aNewerJournalIsRefused() throws Exception {
        record();
        db.exec("UPDATE runbook.history_meta SET schema_version = 2");
        try (Connection c = db.connect()) {
            JournalVersionException e = assertThrows(JournalVersionException.class,
                    () -> new HistoryQuery(POSTGRES, null).runs(c, null, 10));
            assertEquals(2, e.found());
        }
    }
}
