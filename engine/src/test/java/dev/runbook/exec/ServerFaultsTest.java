package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import dev.runbook.reports.events.EventLogReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the database server itself (issue 13), each on a PostgreSQL of the test's own, since the test stops
 * it: a restart mid-step. Each scenario checks the data afterwards: every step applied exactly once.
 */
class ServerFaultsTest {
    @TempDir
    Path dir;
    Path data;
    int port;
    EmbeddedPostgres pg;
    String target;

    @BeforeEach
    void startServer() throws Exception {
        data = dir.resolve("pgdata");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = server();
        sql("postgres", "CREATE DATABASE app");
        sql("app", "CREATE TABLE done (step text)");
        target = "app=jdbc:postgresql://localhost:" + port + "/app?user=postgres";
    }

    /**
     * The test's server on its data directory and port. PostgreSQL refuses to run as root; run as root, zonky
     * starts initdb, pg_ctl and so the postmaster under {@code unshare -U} (a user namespace in which the process
     * is not root), which starting it by hand skips. A data directory given to zonky (without clean) is kept on
     * close and not initialised again, so the same call starts the server again where it stopped.
     */
    private EmbeddedPostgres server() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (pg != null) pg.close();
    }

    private String sql(String database, String text) throws Exception {
        try (Connection c = pg.getDatabase("postgres", database).getConnection(); Statement st = c.createStatement()) {
            if (!st.execute(text)) return null;
            try (ResultSet rs = st.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String applied() throws Exception {
        return sql("app", "SELECT coalesce(string_agg(step, ',' ORDER BY step), '') FROM done");
    }

    private Path runbook(String steps) throws Exception {
        return FaultRunbooks.write(dir, "faults", steps);
    }

    @ParameterizedTest(name = "step retry: [{0}]")
    @ValueSource(strings = {"", "retry: { attempts: 3, delay: 1s, on: [connection] }"})
    void aServerRestartMidStepLosesTheLockSoTheRunStopsWithExitFiveAndResumeAppliesEachStepOnce(String retry)
            throws Exception {
        Path rb = runbook("""
                - id: s1
                  sql: INSERT INTO done VALUES ('s1')
                - id: s2
                  %s
                  sql: INSERT INTO done SELECT 's2' FROM pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM done WHERE step = 'resumed') THEN 0 ELSE 30 END)
                - id: s3
                  sql: INSERT INTO done VALUES ('s3')
                """.formatted(retry));
        Path runDir = dir.resolve("r1");
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> TestCli.run("run", rb.toString(),
                "--target", target, "--out", runDir.toString()));
        FaultRunbooks.awaitEvent(runDir, "\"key\":\"step/s2\"", 30_000);
        Thread.sleep(300);
        pg.close(); // a fast shutdown: every session is ended, the lock's too
        pg = server();
        Result r = first.get(60, TimeUnit.SECONDS);
        assertEquals(5, r.code(), r.all());
        assertTrue(r.all().contains("run lock on target 'app' was lost"), r.all());
        assertTrue(!r.all().contains("internal error"), r.all());
        assertEquals("s1", applied(), "the cut-off step never committed and the next one never started");
        assertEquals(1, Runs.finished(runDir, "step/s2").size(), "not retried on a lost lock: another run may be active");
        String runId = new EventLogReader().read(runDir).run().id();
        Result history = TestCli.run("history", rb.toString(), "--target", target);
        String line = history.out().lines().filter(l -> l.contains(runId)).findFirst().orElseThrow(() ->
                new AssertionError(history.all()));
        assertTrue(line.contains("interrupted"), "the journal, cut off with the server, still tells the truth: " + line);

        sql("app", "INSERT INTO done VALUES ('resumed')");
        Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals("resumed,s1,s2,s3", applied(), "each step applied exactly once");
    }
}
