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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        return FaultRunbooks.write(dir, "faults", steps);
    }

    private Result run(Path rb, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", rb.toString(), "--target", target, "--out",
                dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return TestCli.run(args.toArray(String[]::new));
    }

    private String applied() {
        return db.one("SELECT coalesce(string_agg(step, ',' ORDER BY step), '') FROM done");
    }

    /** The sessions holding advisory locks in the test's database: the run lock's. */
    private static final String LOCK_SESSIONS = "SELECT DISTINCT pid FROM pg_locks WHERE locktype = 'advisory'"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    /** Terminates the sessions whose pids the query returns, as a DBA would; returns how many. */
    private String terminate(String pids) {
        return terminate(db, pids);
    }

    private static String terminate(PostgresServer.TestDb on, String pids) {
        return on.one("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM (" + pids + ") p");
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
        FaultRunbooks.awaitEvent(dir.resolve("r1"), "\"key\":\"step/s2\"", 30_000);
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

        String resumer = new EventLogReader().read(dir.resolve("resumed")).run().id();
        Result again = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out", dir.resolve("again").toString());
        assertEquals(2, again.code(), again.all());
        assertTrue(again.err().contains("already resumed by run " + resumer), again.err());
        assertEquals("resumed,s1,s2,s3", applied(), "a run is resumed once");
        Result history = TestCli.run("history", rb.toString(), "--target", target);
        String line = history.out().lines().filter(l -> l.contains(runId)).findFirst().orElseThrow();
        assertTrue(line.contains("resumed"), line);
    }

    /** Starts {@code runbook ARGS} as a process of its own, so a test can SIGKILL it at a chosen moment. */
    private Process start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    /**
     * A hook at a journal moment: the journal session's write of {@code key} as {@code status} waits in a trigger
     * (the step's own session is not held), so the test can kill the run right there.
     */
    private void holdJournalWrite(String key, String status) throws Exception {
        holdJournalWrite(db, key, status);
    }

    /** As {@link #holdJournalWrite(String, String)}, in the journal of database {@code on}. */
    private void holdJournalWrite(PostgresServer.TestDb on, String key, String status) throws Exception {
        Path setup = dir.resolve("setup.yaml");
        Files.writeString(setup, """
                version: 1
                id: setup
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: journal
                    mutating: false
                    sql: SELECT 1
                """);
        Result r = TestCli.run("run", setup.toString(), "--target", "app=" + on.jdbcUrl() + "?user=postgres", "--out",
                dir.resolve("setup-" + on.name()).toString(), "-q");
        assertEquals(0, r.code(), "creates the journal: " + r.all());
        on.exec("""
                CREATE FUNCTION hold_journal() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_setting('application_name') LIKE 'runbook:%%:journal' THEN PERFORM pg_sleep(120); END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER hold BEFORE UPDATE ON runbook.history FOR EACH ROW
                  WHEN (NEW.item_key = '%s' AND NEW.status = '%s') EXECUTE FUNCTION hold_journal();
                """.formatted(key, status));
    }

    /** Waits until the journal session sits in the hook, kills the run with SIGKILL, and frees what it left. */
    private void killInHook(Process p) throws Exception {
        killInHook(p, db);
    }

    private void killInHook(Process p, PostgresServer.TestDb on) throws Exception {
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!"1".equals(on.one("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'runbook:%:journal'"
                    + " AND wait_event = 'PgSleep'"))) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), "never reached the hook: "
                        + Files.readString(dir.resolve("out.txt")));
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // The dead run's journal write still sleeps on the server: end it first, so it never completes.
        assertEquals("1", terminate(on, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
                + " AND application_name LIKE 'runbook:%:journal' AND datname = current_database()"));
        long end = System.currentTimeMillis() + 10_000;
        while (!"0".equals(on.one("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'runbook:%:journal'"
                + " AND datname = current_database()"))) {
            assertTrue(System.currentTimeMillis() < end, "the dead run's journal session did not end");
            Thread.sleep(50);
        }
        on.exec("DROP TRIGGER hold ON runbook.history");
    }

    @Test
    void aKillBetweenAStepsCommitAndItsJournalRowDoesNotApplyItAgainOnResume() throws Exception {
        holdJournalWrite("step/s1", "succeeded");
        Path rb = runbook(THREE_STEPS);
        Path runDir = dir.resolve("killed");
        Process p = start("run", rb.toString(), "--target", target, "--out", runDir.toString());
        killInHook(p);
        assertEquals("s1", applied(), "s1 committed before the kill");
        String runId = new EventLogReader().read(runDir).run().id();
        assertEquals("succeeded", db.one("SELECT status FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'step/s1'"), "the row committed with the step");

        db.exec("INSERT INTO done VALUES ('resumed')");
        Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals("resumed,s1,s2,s3", applied(), "s1 applied exactly once");
    }

    /**
     * Two database targets: a step's in-transaction "succeeded" row is in its own target's journal only. The run is
     * killed while the journal session writes that step's outcome into the other target's journal, so the two
     * journals disagree (one "succeeded", one "started"); resume must believe the one that committed with the step.
     */
    @ParameterizedTest(name = "{0} (on target {1}) cut off in the journal of target {2}")
    @CsvSource({"s1, a, b", "s2, b, a"})
    void aKillBetweenStepsOnTwoTargetsResumesExactlyOnceWhicheverJournalIsBehind(String step, String on, String heldIn)
            throws Exception {
        PostgresServer.TestDb other = PG.freshDatabase();
        other.exec("CREATE TABLE done (step text)");
        java.util.Map<String, PostgresServer.TestDb> dbs = java.util.Map.of("a", db, "b", other);
        holdJournalWrite(dbs.get(heldIn), "step/" + step, "succeeded");
        Path rb = dir.resolve("two.yaml");
        Files.writeString(rb, """
                version: 1
                id: faults
                targets:
                  a: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                  b: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - { id: s1, target: a, sql: "INSERT INTO done VALUES ('s1')" }
                  - { id: s2, target: b, sql: "INSERT INTO done VALUES ('s2')" }
                  - { id: s3, target: a, sql: "INSERT INTO done VALUES ('s3')" }
                  - { id: s4, target: b, sql: "INSERT INTO done VALUES ('s4')" }
                """);
        String[] targets = {"--target", "a=" + db.jdbcUrl() + "?user=postgres", "--target", "b=" + other.jdbcUrl() + "?user=postgres"};
        Path runDir = dir.resolve("killed");
        List<String> args = new ArrayList<>(List.of("run", rb.toString(), "--out", runDir.toString()));
        args.addAll(List.of(targets));
        killInHook(start(args.toArray(String[]::new)), dbs.get(heldIn));
        String runId = new EventLogReader().read(runDir).run().id();
        String itemStatus = "SELECT status FROM runbook.history WHERE run_id = '" + runId + "' AND item_key = 'step/" + step + "'";
        assertEquals("succeeded", dbs.get(on).one(itemStatus), "committed with the step in its own target's journal");
        assertEquals("started", dbs.get(heldIn).one(itemStatus), "the other journal was cut off before the outcome");

        List<String> resume = new ArrayList<>(List.of("resume", runId, rb.toString(), "--out", dir.resolve("resumed").toString()));
        resume.addAll(List.of(targets));
        Result resumed = TestCli.run(resume.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals("s1,s3", db.one("SELECT string_agg(step, ',' ORDER BY step) FROM done"), "target a: each step once");
        assertEquals("s2,s4", other.one("SELECT string_agg(step, ',' ORDER BY step) FROM done"), "target b: each step once");
        assertTrue(resumed.out().contains((step.equals("s1") ? 1 : 2) + " step(s) completed before"), resumed.out());
    }

    @Test
    void aShellStepCutOffByAKillIsUnknownSoResumeAsksAndSkipMeansItIsNotRunAgain() throws Exception {
        Path marks = dir.resolve("marks.txt");
        Path rb = runbook("""
                - id: s1
                  sql: INSERT INTO done VALUES ('s1')
                - id: mark
                  shell: { script: "echo mark >> '%s'; sleep 30" }
                - id: s3
                  sql: INSERT INTO done VALUES ('s3')
                """.formatted(marks));
        Path runDir = dir.resolve("killed");
        Process p = start("run", rb.toString(), "--target", target, "--out", runDir.toString());
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!Files.exists(marks)) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), Files.readString(dir.resolve("out.txt")));
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String runId = new EventLogReader().read(runDir).run().id();

        Result asked = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out", dir.resolve("r2").toString());
        assertEquals(2, asked.code(), asked.all());
        assertTrue(asked.err().contains("--rerun mark") && asked.err().contains("--skip mark"), asked.err());
        assertTrue(asked.err().contains("idempotent: true"), asked.err());
        assertEquals("s1", applied(), "nothing ran while the operator was asked");

        Result skipped = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("r3").toString(), "--skip", "mark");
        assertEquals(0, skipped.code(), skipped.all());
        assertEquals("s1,s3", applied(), "s1 not again, s3 once");
        assertEquals(List.of("mark"), Files.readAllLines(marks), "the shell step was not run a second time");
    }

    /** Whether the process is gone: no longer in /proc, or a zombie that only waits for its new parent to reap it. */
    private static boolean gone(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) return true;
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException vanished) {
            return true;
        }
    }

    @Test
    void aShellStepsChildrenDieWithARunKilledBySigkillAndResumeRunsTheStepOnce() throws Exception {
        Path marks = dir.resolve("marks.txt");
        Path pids = dir.resolve("pids.txt");
        Path quick = dir.resolve("quick");
        Path rb = runbook("""
                - id: s1
                  sql: INSERT INTO done VALUES ('s1')
                - id: mark
                  shell: { script: "echo start >> '%1$s'; sleep $(test -f '%3$s' && echo 0 || echo 30) & echo $$ $! > '%2$s'; wait $!; echo done >> '%1$s'" }
                - id: s3
                  sql: INSERT INTO done VALUES ('s3')
                """.formatted(marks, pids, quick));
        Path runDir = dir.resolve("killed");
        Process p = start("run", rb.toString(), "--target", target, "--out", runDir.toString());
        List<Long> children;
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!(Files.exists(pids) && Files.readString(pids).strip().contains(" "))) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), Files.readString(dir.resolve("out.txt")));
                Thread.sleep(50);
            }
            children = java.util.Arrays.stream(Files.readString(pids).strip().split(" ")).map(Long::parseLong).toList();
            assertTrue(!gone(children.get(0)) && !gone(children.get(1)), "the step's shell and its sleep run");
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: Runbook gets no chance to clean up
        }
        long end = System.currentTimeMillis() + 5_000;
        while (!(gone(children.get(0)) && gone(children.get(1)))) {
            assertTrue(System.currentTimeMillis() < end, "the shell step's processes " + children + " outlived the killed run");
            Thread.sleep(50);
        }
        assertEquals(List.of("start"), Files.readAllLines(marks), "the cut-off step never finished on its own");

        Files.writeString(quick, "");
        String runId = new EventLogReader().read(runDir).run().id();
        Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("resumed").toString(), "--rerun", "mark");
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals(List.of("start", "start", "done"), Files.readAllLines(marks), "run once more, by the resume alone");
        assertEquals("s1,s3", applied(), "s1 not again, s3 once");
    }

    @Test
    void aKillMidRollbackIsFinishedByResumeWhichWaitsForWhatTheDeadRunLeftRunning() throws Exception {
        db.exec("CREATE TABLE undo (step text)");
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: faults
                defaults: { on_failure: rollback }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: s1
                    sql: INSERT INTO done VALUES ('s1')
                    rollback:
                      sql: |
                        DELETE FROM done WHERE step = 's1';
                        INSERT INTO undo VALUES ('s1');
                        SELECT pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM done WHERE step = 'resumed') THEN 0 ELSE 8 END);
                  - id: s2
                    sql: INSERT INTO done VALUES ('s2')
                    rollback:
                      sql: |
                        DELETE FROM done WHERE step = 's2';
                        INSERT INTO undo VALUES ('s2');
                  - id: s3
                    sql: SELECT 1/0
                """);
        Path runDir = dir.resolve("killed");
        Process p = start("run", rb.toString(), "--target", target, "--out", runDir.toString());
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!"1".equals(db.one("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'runbook:%'"
                    + " AND wait_event = 'PgSleep' AND datname = current_database()"))) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), Files.readString(dir.resolve("out.txt")));
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String runId = new EventLogReader().read(runDir).run().id();
        Result history = TestCli.run("history", rb.toString(), "--target", target);
        String line = history.out().lines().filter(l -> l.contains(runId)).findFirst().orElseThrow(() ->
                new AssertionError(history.all()));
        assertTrue(line.contains("interrupted in rollback"), line);

        db.exec("INSERT INTO done VALUES ('resumed')");
        Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("resumed").toString());
        assertEquals(1, resumed.code(), "rolled back: " + resumed.all());
        assertTrue(resumed.all().contains("finishing its rollback"), resumed.all());
        assertTrue(resumed.all().contains("left running to end"), "waited for the dead run's statement: " + resumed.all());
        assertEquals("resumed", applied(), "both steps undone, none applied again");
        assertEquals("s1,s2", db.one("SELECT string_agg(step, ',' ORDER BY step) FROM undo"),
                "each compensation ran exactly once: s2's committed with its journal row before the kill");
    }

    @Test
    void aFrozenLinkMidStepEndsWithinTheStepTimeoutPlusAFewSecondsWithExitOne() throws Exception {
        Path rb = runbook("""
                - id: s1
                  sql: INSERT INTO done VALUES ('s1')
                - id: s2
                  timeout: 3s
                  sql: INSERT INTO done SELECT 's2' FROM pg_sleep(30)
                - id: s3
                  sql: INSERT INTO done VALUES ('s3')
                """);
        try (TcpProxy proxy = new TcpProxy(db.port())) {
            String viaProxy = "app=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name() + "?user=postgres";
            CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> TestCli.run("run", rb.toString(),
                    "--target", viaProxy, "--out", dir.resolve("r1").toString()));
            FaultRunbooks.awaitEvent(dir.resolve("r1"), "\"key\":\"step/s2\"", 30_000);
            Thread.sleep(300);
            long frozenAt = System.nanoTime();
            proxy.freezeNewest();
            Result r = run.get(60, TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozenAt);
            assertEquals(1, r.code(), r.all());
            assertTrue(seconds <= 3 + 7, "ended " + seconds + " s after the link froze: " + r.all());
            assertTrue(r.all().contains("timed out"), r.all());
        }
        assertEquals("s1", applied(), "the frozen step's transaction never committed, s3 never started");
    }

    @Test
    void sigtermDuringAFrozenLinkEndsTheRunWithinTenSecondsWithItsReports() throws Exception {
        Path rb = runbook("""
                - id: s1
                  sql: INSERT INTO done VALUES ('s1')
                - id: s2
                  sql: INSERT INTO done SELECT 's2' FROM pg_sleep(60)
                - id: s3
                  sql: INSERT INTO done VALUES ('s3')
                """);
        try (TcpProxy proxy = new TcpProxy(db.port())) {
            String viaProxy = "app=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name() + "?user=postgres";
            Path runDir = dir.resolve("term");
            Process p = start("run", rb.toString(), "--target", viaProxy, "--out", runDir.toString());
            try {
                FaultRunbooks.awaitEvent(runDir, "\"key\":\"step/s2\"", 60_000);
                Thread.sleep(300);
                proxy.freezeNewest();
                long termAt = System.nanoTime();
                p.destroy(); // SIGTERM, with the step's socket frozen: a blocked read must not keep the run alive
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the run did not end after SIGTERM");
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - termAt);
                assertTrue(seconds <= 10, "ended " + seconds + " s after SIGTERM: " + Files.readString(dir.resolve("out.txt")));
            } finally {
                p.destroyForcibly();
            }
            assertEquals(1, p.exitValue(), Files.readString(dir.resolve("out.txt")));
            assertTrue(Files.exists(runDir.resolve("report.html")) && Files.exists(runDir.resolve("report.json")),
                    "the stopped run wrote its reports");
        }
        assertEquals("s1", applied(), "the frozen step never committed and s3 never started");
    }

    @Test
    void aTargetThatAcceptsAndNeverAnswersSaysItTimedOutConnecting() throws Exception {
        Path rb = runbook("""
                - id: s1
                  sql: INSERT INTO done VALUES ('s1')
                """);
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "app=jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/x?user=postgres&connectTimeout=2";
            long start = System.nanoTime();
            Result r = TestCli.run("run", rb.toString(), "--target", url, "--out", dir.resolve("r1").toString());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(1, r.code(), r.all());
            assertTrue(r.all().contains("timed out after 2 s connecting to 127.0.0.1:" + silent.getLocalPort()), r.all());
            assertTrue(seconds < 30, "bounded by the connect timeout (a few attempts), not hanging: " + seconds + " s");
        }
    }

    @Test
    void theStepsStatementTimeoutHoldsForTransactionFalseStepsOverTheDatabasesOwn() throws Exception {
        db.exec("ALTER DATABASE " + db.name() + " SET statement_timeout = '1s'");
        Path rb = runbook("""
                - id: slow
                  sql: { text: "INSERT INTO done SELECT 'slow' FROM pg_sleep(2)", transaction: false, statement_timeout: 10s }
                - id: after
                  sql: { text: "INSERT INTO done SELECT 'after-' || current_setting('statement_timeout')", transaction: false }
                """);
        Result r = run(rb, "r1");
        assertEquals(0, r.code(), "the step's 10 s, not the database's 1 s: " + r.all());
        assertEquals("after-1s,slow", applied(), "the next step on the session is back to the database's own setting");
    }

    /** Terminates the run's busy step session (as a DBA or a failover would), once it sits in pg_sleep. */
    private void terminateStepSessionWhenSleeping(CompletableFuture<Result> run) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        String sleeping = "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'runbook:%'"
                + " AND application_name NOT LIKE '%:journal' AND wait_event = 'PgSleep' AND datname = current_database()";
        while (!"1".equals(terminate(sleeping))) {
            assertTrue(System.currentTimeMillis() < end && !run.isDone(), "the step never slept");
            Thread.sleep(50);
        }
        db.exec("INSERT INTO done VALUES ('cut')");
    }

    @Test
    void aStepWhoseSessionIsTerminatedIsRetriedOnConnectionAndAppliedOnce() throws Exception {
        Path rb = runbook("""
                - id: s1
                  retry: { attempts: 2, delay: 1s, on: [connection] }
                  sql: INSERT INTO done SELECT 's1' FROM pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM done WHERE step = 'cut') THEN 0 ELSE 30 END)
                - id: check
                  retry: { attempts: 2, delay: 1s, on: [connection] }
                  assert:
                    - sql: SELECT count(*) FROM done, pg_sleep(CASE WHEN (SELECT count(*) FROM done WHERE step = 'cut') > 1 THEN 0 ELSE 30 END)
                      expect: result >= 0
                """);
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> run(rb, "r1"));
        terminateStepSessionWhenSleeping(run);
        terminateStepSessionWhenSleeping(run);
        Result r = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.all());
        assertEquals(2, Runs.finished(dir.resolve("r1"), "step/s1").size(), "s1 retried after its session was ended");
        assertEquals(2, Runs.finished(dir.resolve("r1"), "step/check").size(), "the assert retried like a sql step");
        assertEquals("cut,cut,s1", applied(), "s1 applied exactly once");
        assertTrue(!r.all().contains("internal error"), r.all());
    }
}
