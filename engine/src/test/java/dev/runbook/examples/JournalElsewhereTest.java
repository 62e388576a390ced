package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import dev.runbook.reports.events.EventLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/journal-elsewhere on real PostgreSQL: the reporting database's role may not create a schema, so
 * the run journals there nothing and everything in the primary ({@code journal: primary}); a process killed between
 * a reporting step's commit and its journal row leaves a step resume must ask about, and --skip applies it once.
 */
class JournalElsewhereTest {
    private static final String RUNBOOK = "../runbooks/examples/journal-elsewhere/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    PostgresServer.TestDb primary;
    PostgresServer.TestDb reporting;

    @BeforeEach
    void prepare() {
        primary = PG.freshDatabase();
        primary.exec("CREATE TABLE periods (period text PRIMARY KEY, closed_at timestamptz)");
        reporting = PG.freshDatabase();
        reporting.exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporter') THEN"
                + " CREATE ROLE reporter LOGIN; END IF; END $$");
        reporting.exec("CREATE TABLE period_summary (period text PRIMARY KEY, published_at timestamptz);"
                + " GRANT SELECT, INSERT, DELETE ON period_summary TO reporter");
    }

    private List<String> args(String verb, String runbook, String out, String... extra) {
        List<String> a = new ArrayList<>(List.of(verb));
        if (verb.equals("run")) a.add(runbook);
        a.addAll(List.of(extra));
        if (!verb.equals("run")) a.add(runbook);
        a.addAll(List.of("-p", "ticket=FIN-7", "-p", "period=2026-11",
                "--target", "primary=" + primary.jdbcUrl() + "?user=postgres",
                "--target", "reporting=" + reporting.jdbcUrl() + "?user=reporter", "--out", dir.resolve(out).toString()));
        return a;
    }

    @Test
    void journalsEveryStepInThePrimaryAndNothingInTheReportingDatabase() throws Exception {
        TestCli.Result plan = TestCli.run("plan", RUNBOOK, "-p", "ticket=FIN-7", "-p", "period=2026-11",
                "--target", "primary=" + primary.jdbcUrl(), "--target", "reporting=" + reporting.jdbcUrl());
        assertTrue(plan.out().contains("journal kept in target 'primary'"), plan.out());
        Path reportDir = dir.resolve("plan-report");
        TestCli.Result html = TestCli.run("plan", RUNBOOK, "-p", "ticket=FIN-7", "-p", "period=2026-11",
                "--target", "primary=" + primary.jdbcUrl(), "--target", "reporting=" + reporting.jdbcUrl(),
                "--report", "html", "--report-dir", reportDir.toString());
        assertEquals(0, html.code(), html.all());
        try (java.util.stream.Stream<Path> files = Files.list(reportDir)) {
            String page = Files.readString(files.filter(f -> f.toString().endsWith(".html")).findFirst().orElseThrow());
            assertTrue(page.contains("journal kept in target &#39;primary&#39;") || page.contains("journal kept in target 'primary'"),
                    page);
        }
        TestCli.Result r = TestCli.run(args("run", RUNBOOK, "run").toArray(String[]::new));
        assertEquals(0, r.code(), r.all());
        assertEquals("1", reporting.one("SELECT count(*) FROM period_summary WHERE period = '2026-11'"));
        assertEquals("0", reporting.one("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'runbook'"));
        assertEquals("succeeded,succeeded", primary.one("SELECT string_agg(status, ',' ORDER BY item_key) FROM"
                + " runbook.history WHERE item_key IN ('step/close-period', 'step/publish-summary')"));
    }

    @Test
    void withoutJournalElsewhereTheRunCannotStartOnADatabaseThatMayNotHoldOne() throws Exception {
        Path own = dir.resolve("runbook.yaml");
        Files.writeString(own, Files.readString(Path.of(RUNBOOK)).replace("journal: primary\n", ""));
        TestCli.Result r = TestCli.run(args("run", own.toString(), "run").toArray(String[]::new));
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("permission denied") && r.all().contains("nothing ran"), r.all());
        assertEquals("0", primary.one("SELECT count(*) FROM periods"));
    }

    @Test
    void aKillBetweenAReportingCommitAndItsJournalRowMakesResumeAskAndSkipAppliesItOnce() throws Exception {
        // The primary's journal must exist for the hook: a first run of another period creates it.
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(Path.of(RUNBOOK)).replace("id: close-period\ntitle", "id: warm-up\ntitle"));
        assertEquals(0, TestCli.run(args("run", other.toString(), "warm").toArray(String[]::new)).code());
        reporting.exec("DELETE FROM period_summary");
        primary.exec("DELETE FROM periods");
        primary.exec("""
                CREATE FUNCTION hold_journal() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_setting('application_name') LIKE 'runbook:%:journal' THEN PERFORM pg_sleep(120); END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER hold BEFORE UPDATE ON runbook.history FOR EACH ROW
                  WHEN (NEW.item_key = 'step/publish-summary' AND NEW.status = 'succeeded') EXECUTE FUNCTION hold_journal();
                """);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli"));
        cmd.addAll(args("run", RUNBOOK, "killed"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!"1".equals(primary.one("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE"
                    + " 'runbook:%:journal' AND wait_event = 'PgSleep'"))) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), Files.readString(dir.resolve("out.txt")));
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        primary.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
                + " AND application_name LIKE 'runbook:%:journal'");
        long end = System.currentTimeMillis() + 10_000;
        while (!"0".equals(primary.one("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'runbook:%'"
                + " AND datname = current_database()"))) {
            assertTrue(System.currentTimeMillis() < end, "the dead run's sessions did not end");
            Thread.sleep(50);
        }
        primary.exec("DROP TRIGGER hold ON runbook.history");
        assertEquals("1", reporting.one("SELECT count(*) FROM period_summary"), "the reporting step committed");
        String runId = new EventLogReader().read(dir.resolve("killed")).run().id();
        assertEquals("started", primary.one("SELECT status FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'step/publish-summary'"), "its row could not commit with it");

        TestCli.Result asked = TestCli.run(args("resume", RUNBOOK, "r1", runId).toArray(String[]::new));
        assertEquals(2, asked.code(), asked.all());
        assertTrue(asked.all().contains("--rerun publish-summary") && asked.all().contains("--skip publish-summary"),
                asked.all());
        TestCli.Result resumed = TestCli.run(args("resume", RUNBOOK, "r2", runId, "--skip", "publish-summary")
                .toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals("1", reporting.one("SELECT count(*) FROM period_summary"), "applied exactly once");
        assertEquals("1", primary.one("SELECT count(*) FROM periods"));
    }
}
