package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import dev.runbook.reports.events.EventLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real runs on a real PostgreSQL (issue 13): sessions terminated, processes killed at
 * chosen journal moments. Each scenario checks the data afterwards: every step applied exactly once.
 */
class FaultInjectionTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    PostgresServer.TestDb db;
    String target;

    @BeforeEach
    void prepare() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE done (step text)");
        target = "app=" + db.jdbcUrl() + "?user=postgres";
    }

    private Path runbook(String steps) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: faults
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                """ + steps.indent(2));
        return rb;
    }

    private Result run(Path rb, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", rb.toString(), "--target", target, "--out",
                dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return TestCli.run(args.toArray(String[]::new));
    }

    private void awaitEvent(Path runDir, String text, long millis) throws Exception {
        Path events = runDir.resolve("events.jsonl");
        long end = System.currentTimeMillis() + millis;
        while (!(Files.exists(events) && Files.readString(events).contains(text))) {
            assertTrue(System.currentTimeMillis() < end, "never saw " + text + " in " + events);
            Thread.sleep(20);
        }
    }

    private String applied() {
        return db.one("SELECT coalesce(string_agg(step, ',' ORDER BY step), '') FROM done");
    }

    /** The sessions holding advisory locks in the test's database: the run lock's. */
    private static final String LOCK_SESSIONS = "SELECT DISTINCT pid FROM pg_locks WHERE locktype = 'advisory'"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    /** Terminates the sessions whose pids the query returns, as a DBA would; returns how many. */
    private String terminate(String pids) {
        return db.one("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM (" + pids + ") p");
    }

    private static final String THREE_STEPS = """
            - id: s1
              sql: INSERT INTO done VALUES ('s1')
            - id: s2
              sql: INSERT INTO done SELECT 's2' FROM pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM done WHERE step = 'resumed') THEN 0 ELSE 30 END)
            - id: s3
              sql: INSERT INTO done VALUES ('s3')
            """;

    @Test
    void aTerminatedLockSessionStopsTheRunAtOnceWithExitFiveAndResumeAppliesEachStepOnce() throws Exception {
        Path rb = runbook(THREE_STEPS);
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> run(rb, "r1"));
        awaitEvent(dir.resolve("r1"), "\"key\":\"step/s2\"", 30_000);
        Thread.sleep(200);
        String runId = new EventLogReader().read(dir.resolve("r1")).run().id();
        long killedAt = System.nanoTime();
        assertEquals("1", terminate(LOCK_SESSIONS), "one session holds the run lock");
        Result r = first.get(30, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
        assertEquals(5, r.code(), r.all());
        assertTrue(seconds < 10, "stopped at once, not after the 30 s step: " + seconds + " s");
        assertTrue(r.all().contains("run lock on target 'app' was lost"), r.all());
        assertEquals("s1", applied(), "the cut-off step was cancelled and the next one never started");
        assertEquals("skipped", Runs.skipped(dir.resolve("r1"), "step/s3").get("type").asText().replace("item.", ""));
        assertEquals("interrupted", db.one("SELECT status FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'run'"), "the journal tells the truth: the run did not finish");

        db.exec("INSERT INTO done VALUES ('resumed')");
        Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals("resumed,s1,s2,s3", applied(), "each step applied exactly once");
    }
}
