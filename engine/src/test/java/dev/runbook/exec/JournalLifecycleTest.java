package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli.Result;
import dev.runbook.TestCli;
import dev.runbook.cli.RunbookCli;
import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.RunReport;
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
 * Migrations, the target journal, once steps, the run lock, history and resume, through the command line
 * against a real PostgreSQL, as an operator would meet them.
 */
class JournalLifecycleTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    PostgresServer.TestDb db;
    Path migrations;


    @BeforeEach
    void prepare() throws Exception {
        db = PG.freshDatabase();
        migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("001_accounts.sql"), "CREATE TABLE accounts (id int PRIMARY KEY, name text);\n");
        Files.writeString(migrations.resolve("002_seed.sql"), "INSERT INTO accounts VALUES (1, 'first');\n");
        Files.writeString(migrations.resolve("003_email.sql"), "ALTER TABLE accounts ADD COLUMN email text;\n");
    }

    private Path runbook(String steps) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: lifecycle
                params:
                  to: { type: string, default: latest }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                """ + steps.indent(2));
        return rb;
    }

    private static final String MIGRATE = """
            - id: schema
              migrate: { locations: [migrations], naming: numbered, target: "${params.to}" }
              rollback: { sql: SELECT 1 }
            """;

    private static Result cli(String... args) {
        return TestCli.run(args);
    }

    private Result run(Path rb, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", rb.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    @Test
    void migratesToATargetVersionThenFurtherAndJournalsBothRuns() throws Exception {
        Path rb = runbook(MIGRATE);
        Result first = run(rb, "r1", "-p", "to=2");
        assertEquals(0, first.code(), first.all());
        assertEquals("1", db.one("SELECT count(*) FROM accounts"));
        assertEquals("0", db.one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'email'"));
        RunReport report = new EventLogReader().read(dir.resolve("r1"));
        String evidence = report.toString();
        assertTrue(evidence.contains("001_accounts.sql") && evidence.contains("002_seed.sql"), "applied files in the report");

        Result second = run(rb, "r2");
        assertEquals(0, second.code(), second.all());
        assertEquals("1", db.one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'email'"));
        assertEquals("003", db.one("SELECT max(version) FROM flyway_schema_history"), "Flyway's own history kept as Flyway keeps it");
        assertEquals("2", db.one("SELECT count(*) FROM runbook.history WHERE item_key = 'run' AND status = 'succeeded'"));
        assertEquals("succeeded", db.one("SELECT status FROM runbook.history WHERE item_key = 'step/schema' AND run_id = '"
                + report.run().id() + "'"));
    }

    @Test
    void aChangedAppliedMigrationFailsTheStepNamingTheFile() throws Exception {
        Path rb = runbook(MIGRATE);
        assertEquals(0, run(rb, "r1").code());
        Files.writeString(migrations.resolve("002_seed.sql"), "INSERT INTO accounts VALUES (1, 'changed');\n");
        Result drift = run(rb, "r2");
        assertEquals(1, drift.code(), drift.all());
        assertTrue(drift.all().contains("002_seed.sql"), drift.all());
        assertTrue(drift.all().toLowerCase().contains("checksum"), drift.all());
    }

    @Test
    void aMigrationWithASyntaxErrorNamesFileAndLineAndLaterOnesAreNotAttempted() throws Exception {
        Files.writeString(migrations.resolve("002_seed.sql"), "INSERT INTO accounts VALUES (1, 'ok');\nINSERTT INTO accounts VALUES (2);\n");
        Path rb = runbook(MIGRATE);
        Result r = run(rb, "r1");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("002_seed.sql"), r.all());
        assertTrue(r.all().contains("INSERTT"), "the database's words: " + r.all());
        assertEquals("0", db.one("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"),
                "003 was not attempted");
    }

    @Test
    void aOnceStepRunsOnceIsRefusedWhenChangedAndRunsAgainWithAllowChanged() throws Exception {
        db.exec("CREATE TABLE marks (n int)");
        Path rb = runbook("""
                - id: mark
                  once: true
                  sql: INSERT INTO marks VALUES (1)
                  rollback: { sql: DELETE FROM marks WHERE n = 1 }
                """);
        assertEquals(0, run(rb, "r1").code());
        Result again = run(rb, "r2");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.all().contains("already applied by run"), again.all());
        assertEquals("1", db.one("SELECT count(*) FROM marks"));

        Files.writeString(rb, Files.readString(rb).replace("VALUES (1)", "VALUES (2)"));
        Result changed = run(rb, "r3");
        assertEquals(1, changed.code(), changed.all());
        assertTrue(changed.all().contains("--allow-changed"), changed.all());
        assertEquals("1", db.one("SELECT count(*) FROM marks"), "nothing ran");

        Result allowed = run(rb, "r4", "--allow-changed");
        assertEquals(0, allowed.code(), allowed.all());
        assertEquals("2", db.one("SELECT count(*) FROM marks"));
    }

    @Test
    void aSecondRunOnTheSameTargetExitsFiveNamingTheHolder() throws Exception {
        Path rb = runbook("""
                - id: slow
                  mutating: false
                  sql: SELECT pg_sleep(3)
                """);
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> run(rb, "r1", "-q"));
        Path events = dir.resolve("r1").resolve("events.jsonl");
        long end = System.currentTimeMillis() + 20_000;
        while (!(Files.exists(events) && Files.readString(events).contains("\"step/slow\""))) {
            assertTrue(System.currentTimeMillis() < end, "the first run never started its step");
            Thread.sleep(20);
        }
        Result second = run(rb, "r2");
        assertEquals(5, second.code(), second.all());
        String firstId = new EventLogReader().read(dir.resolve("r1")).run().id();
        assertTrue(second.all().contains(firstId), "names the holder's run id: " + second.all());
        assertTrue(second.all().contains("is locked"), second.all());
        assertEquals(0, first.get(30, TimeUnit.SECONDS).code());
        assertEquals(0, run(rb, "r3").code(), "the lock is free once the first run ended");
    }

    @Test
    void aRunKilledMidStepIsInterruptedInHistoryFreesItsLockAndResumeCompletesIt() throws Exception {
        db.exec("CREATE TABLE done (step text)");
        Path rb = runbook("""
                - id: first
                  sql: INSERT INTO done VALUES ('first')
                  rollback: { sql: DELETE FROM done WHERE step = 'first' }
                - id: slow
                  sql: INSERT INTO done SELECT 'slow' FROM pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM done WHERE step = 'resumed') THEN 0 ELSE 60 END)
                  rollback: { sql: DELETE FROM done WHERE step = 'slow' }
                - id: last
                  sql: INSERT INTO done VALUES ('last')
                  rollback: { sql: DELETE FROM done WHERE step = 'last' }
                """);
        Path runDir = dir.resolve("killed");
        String target = "app=" + db.jdbcUrl() + "?user=postgres";
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli",
                "run", rb.toString(), "--target", target, "--out", runDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!(Files.exists(runDir.resolve("events.jsonl"))
                    && Files.readString(runDir.resolve("events.jsonl")).contains("\"key\":\"step/slow\""))) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), "never reached the slow step: "
                        + Files.readString(dir.resolve("out.txt")));
                Thread.sleep(50);
            }
            Thread.sleep(300);
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String runId = new EventLogReader().read(runDir).run().id();
        RunReport killed = new EventLogReader().read(runDir);
        assertEquals("interrupted", killed.outcome().wire(), "the truncated event log renders as interrupted");

        Result history = cli("history", rb.toString(), "--target", target);
        assertEquals(0, history.code(), history.all());
        String line = history.out().lines().filter(l -> l.contains(runId)).findFirst().orElseThrow(() ->
                new AssertionError(history.out()));
        assertTrue(line.contains("interrupted"), line);
        assertTrue(line.contains("slow"), "names the step it was cut off in: " + line);

        db.exec("INSERT INTO done VALUES ('resumed')");
        // The killed run's statement still sleeps on the server and would insert 'slow' when it wakes: resume must
        // not race it. It waits (bounded), then refuses naming the session; ended as a DBA would, resume goes on.
        Result refused = cli("resume", runId, rb.toString(), "--target", target, "--out", dir.resolve("refused").toString(),
                "--lock-timeout", "2s");
        assertEquals(2, refused.code(), refused.all());
        assertTrue(refused.all().contains("its sessions are still busy") && refused.all().contains("pg_sleep"), refused.all());
        db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'runbook:" + runId + ":%'");
        Result resumed = cli("resume", runId, rb.toString(), "--target", target, "--out", dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.all());
        assertTrue(resumed.out().contains("resuming run " + runId), resumed.out());
        assertEquals("first,last,resumed,slow", db.one("SELECT string_agg(step, ',' ORDER BY step) FROM done"),
                "first ran once, slow and last ran in the resumed run");
        RunReport report = new EventLogReader().read(dir.resolve("resumed"));
        assertEquals(runId, report.run().resumes());
    }

    @Test
    void resumingAnUnknownRunIdIsAClearErrorWithExitTwo() throws Exception {
        Path rb = runbook(MIGRATE);
        assertEquals(0, run(rb, "r1").code());
        Result r = cli("resume", "20990101-000000-dead", rb.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("unknown run id '20990101-000000-dead'"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aJournalMadeByANewerRunbookIsRefusedNamingBothVersions() throws Exception {
        Path rb = runbook(MIGRATE);
        assertEquals(0, run(rb, "r1").code());
        db.exec("UPDATE runbook.history_meta SET schema_version = 9");
        Result r = run(rb, "r2");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("9") && r.all().contains("version 1"), r.all());
    }

    @Test
    void aMissingMigrationsFolderIsRefusedBeforeAnythingRuns() throws Exception {
        Path rb = runbook(MIGRATE.replace("[migrations]", "[no-such-folder]"));
        Result r = run(rb, "r1");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("no-such-folder"), r.err());
        assertFalse(Files.exists(dir.resolve("r1").resolve("events.jsonl")), "nothing ran");
    }
}
