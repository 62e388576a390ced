package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import dev.runbook.reports.events.EventLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/restore-then-sql on real PostgreSQL: the database its only target names does not exist when the
 * run starts (a shell step creates and restores it with psql), so the target is {@code connect: lazy}; its lock and
 * journal are taken at its first use, and a target never reached ends the run with exit 1 and the reason.
 */
class RestoreThenSqlTest {
    private static final String RUNBOOK = "../runbooks/examples/restore-then-sql/runbook.yaml";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private String server() {
        return "postgresql://postgres@localhost:" + PG.server().getPort();
    }

    private static String freshName() {
        return "restored_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    }

    private boolean exists(String database) throws Exception {
        return !query("postgres", "SELECT datname FROM pg_database WHERE datname = '" + database + "'").isEmpty();
    }

    private List<String> query(String database, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + PG.server().getPort() + "/"
                + database, "postgres", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private TestCli.Result run(String runbook, String database, String out) {
        return TestCli.run("run", runbook, "-p", "ticket=OPS-16", "-p", "server=" + server(), "-p", "database=" + database,
                "--out", dir.resolve(out).toString(), "-q");
    }

    @Test
    void restoresTheDatabaseThenLocksAndJournalsItAtItsFirstUseWithTheWholeRunInItsJournal() throws Exception {
        String database = freshName();
        TestCli.Result plan = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-16", "-p", "server=" + server(),
                "-p", "database=" + database);
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("deferred: connected at first use, its run lock and journal taken then"), plan.out());
        TestCli.Result json = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-16", "-p", "server=" + server(),
                "-p", "database=" + database, "--format", "json");
        assertTrue(json.out().contains("\"connect\":\"lazy\"") || json.out().contains("\"connect\" : \"lazy\""), json.out());

        TestCli.Result r = run(RUNBOOK, database, "run");
        assertEquals(0, r.code(), r.all());
        String events = Files.readString(dir.resolve("run").resolve("events.jsonl"));
        assertTrue(events.contains("target 'restored' deferred: connected at first use"), events);
        assertTrue(events.indexOf("target 'restored' connected at its first use: run lock taken") > events.indexOf("step/restore"),
                "locked after the restore ran: " + events);
        assertEquals(List.of("restored for OPS-16"), query(database, "SELECT value FROM app_settings WHERE key = 'environment'"));
        // The journal in the restored database begins before it existed: the restore's rows were written at its first use.
        assertEquals(List.of("run:succeeded", "step/check:succeeded", "step/check/check/1:succeeded", "step/mark-restored:succeeded",
                        "step/restore:succeeded", "step/restored-answers:succeeded"),
                query(database, "SELECT item_key || ':' || status FROM runbook.history ORDER BY item_key"));
    }

    @Test
    void theSameRunbookConnectedAtTheStartCannotEvenBeginSoNothingIsRestored() throws Exception {
        String database = freshName();
        Path eager = dir.resolve("runbook.yaml");
        Files.writeString(eager, Files.readString(Path.of(RUNBOOK)).replace("connect: lazy", "connect: start"));
        Files.copy(Path.of(RUNBOOK).resolveSibling("dump.sql"), dir.resolve("dump.sql"));
        TestCli.Result r = run(eager.toString(), database, "run");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("does not exist") && r.all().contains("nothing ran"), r.all());
        assertFalse(exists(database), "the restore never ran");
    }

    @Test
    void aTargetThatNeverComesUpFailsTheRunWithExitOneAndTheReasonNotAnInternalError() throws Exception {
        String database = freshName();
        Path broken = dir.resolve("runbook.yaml");
        Files.writeString(broken, Files.readString(Path.of(RUNBOOK))
                .replace("psql \"$SERVER_URL\" -v ON_ERROR_STOP=1 -q -c \"CREATE DATABASE \\\"$DATABASE\\\"\"\n", "")
                .replace("psql \"$TARGET_URL\" -v ON_ERROR_STOP=1 -q -f dump.sql", "echo 'the restore forgot to run'")
                .replace("timeout: 30s", "timeout: 2s"));
        assertTrue(Files.readString(broken).contains("forgot"), "the restore was taken out");
        TestCli.Result r = run(broken.toString(), database, "run");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("still not true after 2.0s") && r.all().contains("no answer")
                && r.all().contains("does not exist"), r.all());
        assertFalse(r.all().contains("internal error"), r.all());
        String report = Files.readString(dir.resolve("run").resolve("report.json"));
        assertTrue(report.contains("step/mark-restored") && report.contains("skipped"), report);
        assertFalse(exists(database));
    }

    @Test
    void anotherRunHoldingTheTargetAtItsFirstUseStopsTheRunWithExitFive() throws Exception {
        String database = freshName();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + PG.server().getPort()
                + "/postgres", "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + PG.server().getPort() + "/"
                + database, "postgres", ""); Statement st = c.createStatement()) {
            st.execute(Files.readString(Path.of(RUNBOOK).resolveSibling("dump.sql")));
        }
        Path restored = dir.resolve("runbook.yaml");
        Files.writeString(restored, Files.readString(Path.of(RUNBOOK))
                .replace("psql \"$SERVER_URL\" -v ON_ERROR_STOP=1 -q -c \"CREATE DATABASE \\\"$DATABASE\\\"\"\n", "")
                .replace("psql \"$TARGET_URL\" -v ON_ERROR_STOP=1 -q -f dump.sql", "echo 'restored earlier'"));
        assertTrue(Files.readString(restored).contains("restored earlier"));
        // Another operator's run of this runbook holds the restored database, as its own run lock would.
        dev.runbook.plan.PlannedTarget t = new dev.runbook.plan.PlannedTarget("restored", "postgresql", "restored",
                java.util.Map.of(), "runbook", "runbook.history", false, false);
        String url = "jdbc:postgresql://localhost:" + PG.server().getPort() + "/" + database;
        try (dev.runbook.journal.TargetLock held = dev.runbook.journal.TargetLock.acquire(application -> {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", "postgres");
            p.setProperty("ApplicationName", "runbook:20261202-000000-abcd:bob");
            return DriverManager.getConnection(url, p);
        }, dev.runbook.db.Dialect.forEngine("postgresql"), dev.runbook.journal.LockRequest.of(t, "restore-then-sql",
                "20261202-000000-abcd", "bob", java.time.Duration.ZERO))) {
            TestCli.Result r = run(restored.toString(), database, "run");
            assertEquals(5, r.code(), r.all());
            assertTrue(r.all().contains("target 'restored' (connected at its first use) is locked"), r.all());
        }
        assertEquals(List.of("production"), query(database, "SELECT value FROM app_settings WHERE key = 'environment'"),
                "nothing ran on the locked target");
    }

    @Test
    void aResumedRunFindsItselfInTheLazyTargetsJournalAndDoesNotRestoreAgain() throws Exception {
        String database = freshName();
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, Files.readString(Path.of(RUNBOOK)).replace(
                "      text: UPDATE app_settings SET value = :value WHERE key = 'environment'",
                "      text: UPDATE app_settings SET value = :value WHERE key = (SELECT key FROM gate)"));
        Files.copy(Path.of(RUNBOOK).resolveSibling("dump.sql"), dir.resolve("dump.sql"));
        TestCli.Result failed = run(rb.toString(), database, "run");
        assertEquals(1, failed.code(), failed.all());
        assertTrue(failed.all().contains("\"gate\" does not exist"), failed.all());
        String runId = new EventLogReader().read(dir.resolve("run")).run().id();

        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + PG.server().getPort() + "/"
                + database, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE gate AS SELECT 'environment'::text AS key");
        }
        TestCli.Result resumed = TestCli.run("resume", runId, rb.toString(), "-p", "ticket=OPS-16", "-p", "server=" + server(),
                "-p", "database=" + database, "--out", dir.resolve("resumed").toString(), "-q");
        assertEquals(0, resumed.code(), "the restore (CREATE DATABASE) would fail if it ran again: " + resumed.all());
        assertEquals(List.of("restored for OPS-16"), query(database, "SELECT value FROM app_settings WHERE key = 'environment'"));
        assertEquals(List.of("resumed"), query(database, "SELECT status FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'run'"), "the resumed run is marked in the lazy target's journal");
        String resumedEvents = Files.readString(dir.resolve("resumed").resolve("events.jsonl"));
        assertTrue(resumedEvents.contains("completed by run " + runId), resumedEvents);
    }
}
