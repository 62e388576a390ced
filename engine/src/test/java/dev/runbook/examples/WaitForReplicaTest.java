package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/wait-for-replica on real PostgreSQL: the "replica" is a second database that a test thread
 * copies the heartbeat into a few seconds late, as replication would; the wait polls it without holding a session,
 * and a replica that never catches up fails the step at its timeout.
 */
class WaitForReplicaTest {
    private static final String RUNBOOK = "../runbooks/examples/wait-for-replica/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private static PostgresServer.TestDb db() {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE ops_heartbeat (run_id text PRIMARY KEY, written_at timestamptz)");
        return db;
    }

    @Test
    void pollsTheReadOnlyReplicaUntilTheHeartbeatArrivesHoldingNoSessionBetweenPolls() throws Exception {
        PostgresServer.TestDb primary = db();
        PostgresServer.TestDb replica = db();
        AtomicBoolean stop = new AtomicBoolean();
        int[] maxSessions = {0};
        Thread replication = new Thread(() -> {
            try {
                long seen = 0;
                while (!stop.get()) {
                    int sessions = Integer.parseInt(replica.one("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                            + replica.name() + "' AND application_name LIKE 'runbook%'"));
                    maxSessions[0] = Math.max(maxSessions[0], sessions);
                    if (seen == 0 && !primary.column("SELECT run_id FROM ops_heartbeat").isEmpty()) seen = System.nanoTime();
                    if (seen != 0 && System.nanoTime() - seen > 2_500_000_000L) {
                        for (String id : primary.column("SELECT run_id FROM ops_heartbeat")) {
                            replica.exec("INSERT INTO ops_heartbeat VALUES ('" + id + "', now()) ON CONFLICT DO NOTHING");
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        replication.start();
        Path out = dir.resolve("run");
        TestCli.Result r;
        try {
            r = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-5", "--target", "primary=" + primary.jdbcUrl() + "?user=postgres",
                    "--target", "replica=" + replica.jdbcUrl() + "?user=postgres", "--out", out.toString(), "-q");
        } finally {
            stop.set(true);
            replication.join();
        }
        assertEquals(0, r.code(), r.all());
        JsonNode report = new ObjectMapper().readTree(Files.readString(out.resolve("report.json")));
        String wait = null;
        for (JsonNode it : report.path("items")) if (it.path("key").asText().equals("step/replica-caught-up")) wait = it.toString();
        assertTrue(wait != null && wait.contains("\"polls\""), report.toString());
        JsonNode polls = null;
        for (JsonNode it : report.path("items")) {
            if (it.path("key").asText().equals("step/replica-caught-up")) polls = it.findValue("polls");
        }
        assertTrue(polls != null && polls.asInt() >= 3, "it polled until the copy arrived: " + wait);
        assertTrue(maxSessions[0] <= 1, "at most the one poll's session at a time: " + maxSessions[0]);
        assertEquals("0", replica.one("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'runbook'"),
                "no journal written on the read-only replica");
        assertEquals("1", primary.one("SELECT count(*) FROM runbook.history WHERE item_key = 'step/replica-caught-up'"
                + " AND status = 'succeeded'"));
    }

    @Test
    void aReplicaThatNeverCatchesUpFailsTheWaitAtItsTimeoutAndRollsNothingElse() throws Exception {
        PostgresServer.TestDb primary = db();
        PostgresServer.TestDb replica = db();
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, Files.readString(Path.of(RUNBOOK)).replace("timeout: 30s", "timeout: 2s"));
        long start = System.nanoTime();
        TestCli.Result r = TestCli.run("run", rb.toString(), "-p", "ticket=OPS-5", "--target",
                "primary=" + primary.jdbcUrl() + "?user=postgres", "--target", "replica=" + replica.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve("run").toString(), "-q");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("still not true after 2.0s"), r.all());
        assertTrue(seconds < 20, "ended near its timeout, took " + seconds + " s");
        assertEquals("1", primary.one("SELECT count(*) FROM ops_heartbeat"), "on_failure abort keeps the heartbeat");
    }
}
