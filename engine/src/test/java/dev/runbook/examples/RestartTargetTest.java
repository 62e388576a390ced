package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/restart-target on a PostgreSQL server of its own that the test really stops and starts again (same
 * data directory, same port) while the restart step waits: the run takes its lock back and goes on, and a run that
 * took the target in between makes it stop with exit 5 before its next step.
 */
class RestartTargetTest {
    private static final String RUNBOOK = "../runbooks/examples/restart-target/runbook.yaml";

    @TempDir
    Path dir;

    private EmbeddedPostgres pg;
    private Path data;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        data = dir.resolve("pgdata");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
        exec("CREATE TABLE ops_restart_log (moment text PRIMARY KEY, started timestamptz NOT NULL)");
    }

    @AfterEach
    void stopServer() throws Exception {
        if (pg != null) pg.close();
    }

    private void restart() throws Exception {
        pg.close();
        pg = null;
        pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    private void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The site's restart command: asks the test to restart the server and waits until it has. */
    private String restartCommand() {
        return "touch '" + dir.resolve("restart-requested") + "'; while [ ! -f '" + dir.resolve("restarted")
                + "' ]; do sleep 0.2; done";
    }

    private CompletableFuture<TestCli.Result> runInBackground() {
        return runInBackground(RUNBOOK);
    }

    private CompletableFuture<TestCli.Result> runInBackground(String runbook) {
        return CompletableFuture.supplyAsync(() -> TestCli.run("run", runbook, "-p", "ticket=OPS-16", "-p",
                "restart_command=" + restartCommand(), "--target", "db=" + url(), "--out", dir.resolve("run").toString()));
    }

    private void awaitRestartRequest(CompletableFuture<TestCli.Result> run) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (!Files.exists(dir.resolve("restart-requested"))) {
            assertTrue(System.currentTimeMillis() < end && !run.isDone(), () -> "never asked to restart: "
                    + (run.isDone() ? run.join().all() : "still running"));
            Thread.sleep(50);
        }
    }

    @Test
    void takesTheRunLockBackAfterARealRestartAndFinishesTheRun() throws Exception {
        TestCli.Result plan = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-16", "-p", "restart_command=true",
                "--target", "db=" + url());
        assertTrue(plan.out().contains("restarts target db (its run lock is re-taken and verified after)"), plan.out());

        CompletableFuture<TestCli.Result> run = runInBackground();
        awaitRestartRequest(run);
        Thread.sleep(1500); // longer than the lock watch's period: a watched lock would be reported lost now
        restart();
        Files.createFile(dir.resolve("restarted"));
        TestCli.Result r = run.get(120, TimeUnit.SECONDS);

        assertEquals(0, r.code(), r.all());
        assertTrue(r.all().contains("target 'db' restarted: run lock taken again, no other run in between"), r.all());
        assertEquals(List.of("128"), column("SELECT setting FROM pg_settings WHERE name = 'max_locks_per_transaction'"),
                "the setting only a restart applies took effect");
        List<String> started = column("SELECT started::text FROM ops_restart_log ORDER BY moment DESC");
        assertEquals(2, started.size(), "before and after: " + started);
        assertNotEquals(started.get(0), started.get(1), "a different postmaster before and after");
        assertEquals(List.of("step/note-after:succeeded", "step/note-before:succeeded", "step/restart:succeeded",
                        "step/set-max-locks:succeeded", "step/setting-applied:succeeded"),
                column("SELECT item_key || ':' || status FROM runbook.history WHERE item_key IN ('step/note-after',"
                        + " 'step/note-before', 'step/restart', 'step/set-max-locks', 'step/setting-applied')"
                        + " ORDER BY item_key"));
    }

    @Test
    void aRunThatTookTheTargetDuringTheRestartStopsThisOneWithExitFiveBeforeItsNextStep() throws Exception {
        Path intruder = dir.resolve("intruder.yaml");
        Files.writeString(intruder, """
                version: 1
                id: nightly-vacuum
                targets:
                  db: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}", lock: target }
                steps:
                  - id: analyze
                    sql: ANALYZE ops_restart_log
                """);
        CompletableFuture<TestCli.Result> run = runInBackground();
        awaitRestartRequest(run);
        restart();
        // Another operator's run finds the target free while the first run's lock is gone with its session.
        TestCli.Result other = TestCli.run("run", intruder.toString(), "--target", "db=" + url(), "--out",
                dir.resolve("other").toString(), "-q");
        assertEquals(0, other.code(), "the target was free during the restart: " + other.all());
        Files.createFile(dir.resolve("restarted"));
        TestCli.Result r = run.get(120, TimeUnit.SECONDS);

        assertEquals(5, r.code(), r.all());
        assertTrue(r.all().contains("another run wrote to its journal"), r.all());
        assertEquals(List.of("before"), column("SELECT moment FROM ops_restart_log"), "note-after never ran");
        assertEquals(List.of("skipped"), column("SELECT status FROM runbook.history WHERE item_key = 'step/note-after'"));
    }

    @Test
    void withoutRestartsTargetTheSameRestartIsALostLockAndStopsTheRunAtOnce() throws Exception {
        Path undeclared = dir.resolve("runbook.yaml");
        Files.writeString(undeclared, Files.readString(Path.of(RUNBOOK)).replace("    restarts_target: db\n", ""));
        assertTrue(!Files.readString(undeclared).contains("restarts_target: db"));
        CompletableFuture<TestCli.Result> run = runInBackground(undeclared.toString());
        awaitRestartRequest(run);
        restart();
        TestCli.Result r = run.get(120, TimeUnit.SECONDS);
        Files.createFile(dir.resolve("restarted"));
        assertEquals(5, r.code(), r.all());
        assertTrue(r.all().contains("was lost"), r.all());
        assertEquals(List.of("before"), column("SELECT moment FROM ops_restart_log"));
    }
}
