package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.plan.PlannedTarget;
import dev.runbook.testdb.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A run's locks and journals on two real databases, as the executor drives them. */
class JournaledRunTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    TestPostgres.Db app;
    TestPostgres.Db audit;
    Map<String, PlannedTarget> targets;

    @BeforeEach
    void setUp() {
        app = PG.freshDatabase();
        audit = PG.freshDatabase();
        targets = Map.of(
                "app", new PlannedTarget("app", "postgresql", "app", Map.of(), "runbook", null, false, false),
                "audit", new PlannedTarget("audit", "postgresql", "audit", Map.of(), "target", "ops_log", false, false),
                "api", new PlannedTarget("api", "http", "http://x", Map.of(), "none", null, false, false));
    }

    private Connector connector(String target) {
        return (target.equals("app") ? app : audit)::connect;
    }

    private JournaledRun start(String runId) throws LockHeldException {
        return JournaledRun.start(targets, JournalTest.run(runId, "shop"), this::connector, Duration.ZERO,
                new TickingClock(Instant.parse("2026-11-22T10:00:00Z")));
    }

    @Test
    void journalsEveryItemOnEveryDatabaseTargetUnderItsLock() throws Exception {
        try (JournaledRun run = start("r1")) {
            assertEquals(java.util.List.of("app", "audit"), run.targets());
            assertInstanceOf(OnceDecision.Run.class, run.once("app", "shop", "seed", "sha256:s", false));
            run.itemStarted("step/seed", "sha256:s");
            run.itemFinished("step/seed", JournalStatus.SUCCEEDED, null, "1 row");
            run.itemSkipped("step/later", null, "when is false");
            assertTrue(run.locksAlive());

            LockHeldException e = assertThrows(LockHeldException.class, () -> start("r2"));
            assertEquals("app", e.target(), "targets are locked in name order");
            run.finish(JournalStatus.SUCCEEDED, "changed");
        }
        for (TestPostgres.Db db : new TestPostgres.Db[] {app, audit}) {
            String table = db == app ? "runbook.history" : "ops_log";
            assertEquals("run:succeeded,step/later:skipped,step/seed:succeeded", db.one(
                    "SELECT string_agg(item_key || ':' || status, ',' ORDER BY item_key) FROM " + table + " WHERE run_id = 'r1'"));
        }
        assertEquals("0", app.one("SELECT count(*) FROM runbook.history WHERE run_id = 'r2'"), "a locked-out run writes nothing");

        try (JournaledRun again = start("r3")) {
            assertInstanceOf(OnceDecision.AlreadyApplied.class, again.once("app", "shop", "seed", "sha256:s", false));
            assertInstanceOf(OnceDecision.AlreadyApplied.class, again.once(null, "shop", "seed", "sha256:s", false),
                    "a step without a database target asks the first journal");
        }
    }

    @Test
    void theRunAsItsJournalsHoldItIncludesAStepsRowThatCommittedInItsOwnTargetAlone() throws Exception {
        try (JournaledRun run = start("r1")) {
            run.itemStarted("step/audit-note", "sha256:n");
            try (java.sql.Connection step = audit.connect()) {
                step.setAutoCommit(false);
                assertTrue(run.itemSucceededInside("audit", step, "step/audit-note"));
                step.commit();
            }
            assertEquals("started", app.one("SELECT status FROM runbook.history WHERE run_id = 'r1'"
                    + " AND item_key = 'step/audit-note'"), "the first journal alone is a write behind");
            assertEquals(JournalStatus.SUCCEEDED, run.runState("r1").orElseThrow().item("step/audit-note")
                    .orElseThrow().status(), "what the run did is read from every journal, merged");
        }
    }

    @Test
    void aLockedOutStartLeavesNoLockBehind() throws Exception {
        try (TargetLock other = TargetLock.acquire(connector("audit"), dev.runbook.db.Dialect.forEngine("postgresql"),
                new LockRequest("audit", "target", "maint", "r0", "zoe", null, Duration.ZERO))) {
            LockHeldException e = assertThrows(LockHeldException.class, () -> start("r1"));
            assertEquals("audit", e.target());
            assertEquals("0", app.one("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                    "the lock already taken on app was given back");
        }
    }

    @Test
    void aLazyTargetJoinedMidRunGetsTheRowsSoFarAndAJournalElsewhereTargetOnlyALock() throws Exception {
        targets = Map.of(
                "app", new PlannedTarget("app", "postgresql", "app", Map.of(), "runbook", null, false, false, true, null),
                "audit", new PlannedTarget("audit", "postgresql", "audit", Map.of(), "runbook", "ops_log", false, false,
                        false, "app"));
        try (JournaledRun run = start("r1")) {
            assertEquals(java.util.List.of(), run.targets(), "nothing keeps a journal before app's first use");
            assertTrue(run.joined("audit") && !run.joined("app"), "audit is locked from the start, app is not yet");
            run.itemStarted("step/restore", "sha256:r");
            run.itemFinished("step/restore", JournalStatus.SUCCEEDED, "sha256:e", "restored");
            run.itemSkipped("step/optional", null, "when is false");
            run.join("app", connector("app"), Duration.ZERO);
            run.join("app", connector("app"), Duration.ZERO);
            assertEquals(java.util.List.of("app"), run.targets());
            run.itemStarted("step/fix", "sha256:f");
            run.itemFinished("step/fix", JournalStatus.SUCCEEDED, null, "1 row");
            assertInstanceOf(OnceDecision.AlreadyApplied.class, run.once("audit", "shop", "fix", "sha256:f", false),
                    "a step on audit is remembered in app's journal");
            run.finish(JournalStatus.SUCCEEDED, "changed");
        }
        assertEquals("run:succeeded,step/fix:succeeded,step/optional:skipped,step/restore:succeeded", app.one(
                "SELECT string_agg(item_key || ':' || status, ',' ORDER BY item_key) FROM runbook.history WHERE run_id = 'r1'"));
        assertEquals("sha256:e", app.one("SELECT evidence_digest FROM runbook.history WHERE item_key = 'step/restore'"));
        assertEquals("0", audit.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ops_log'"),
                "audit's journal is app's: none is created in audit");
    }

    @Test
    void retakingARestartedTargetsLockSeesAnotherRunsRowsSinceTheRestart() throws Exception {
        try (JournaledRun run = start("r1")) {
            Instant since = Instant.parse("2026-11-22T10:00:00Z");
            run.restarting("app");
            assertTrue(run.locksAlive());
            assertEquals(java.util.Optional.empty(), run.retake("app", connector("app"), Duration.ZERO,
                    Duration.ofSeconds(5), since), "nobody came in between");
            assertTrue(run.locksAlive());
            app.exec("INSERT INTO runbook.history (run_id, item_key, kind, runbook_id, status, started_at) VALUES"
                    + " ('r9', 'run', 'run', 'other', 'started', '2026-11-22T10:05:00Z')");
            String why = run.retake("app", connector("app"), Duration.ZERO, Duration.ofSeconds(5), since).orElseThrow();
            assertTrue(why.contains("another run wrote to its journal (run r9 run started)"), why);
        }
    }
}
