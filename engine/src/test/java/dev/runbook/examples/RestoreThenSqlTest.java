package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
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
}
