package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a real {@code runbook run} process: the step is cancelled, rolled back, and the journal completed. */
class SignalTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void ctrlCDuringAnEmbeddedRunRollsBackWhileTheEmbeddedServerIsStillUp() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: embedded-long-one
                defaults: { on_failure: rollback }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: first
                    sql: CREATE TABLE t (name text)
                    rollback: { sql: DROP TABLE t }
                  - id: slow
                    sql: SELECT pg_sleep(60)
                """);
        Path runDir = dir.resolve("run");
        Process p = start("run", dir.resolve("runbook.yaml").toString(), "--embedded", "--out", runDir.toString());
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!Files.exists(runDir.resolve("events.jsonl"))
                    || !Files.readString(runDir.resolve("events.jsonl")).contains("\"key\":\"step/slow\"")) {
                if (System.currentTimeMillis() > end || !p.isAlive()) {
                    throw new AssertionError("never reached the slow step: " + Files.readString(dir.resolve("out.txt")));
                }
                Thread.sleep(50);
            }
            Thread.sleep(300);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process did not stop");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(1, p.exitValue(), out);
        assertEquals("ok", Runs.lastFinished(runDir, "rollback/first").get("status").asText(), out);
        assertEquals("interrupted", Runs.runFinished(runDir).get("outcome").asText());
    }

    private Process start(String... args) throws java.io.IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    @Test
    void sigtermStopsTheStepRollsBackAndFinishesTheJournal() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (name text)");
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: long-one
                defaults: { on_failure: rollback }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: first
                    sql: INSERT INTO t VALUES ('first')
                    rollback: { sql: "DELETE FROM t WHERE name = 'first'" }
                  - id: slow
                    sql: INSERT INTO t VALUES ('slow'); SELECT pg_sleep(60)
                """);
        Path runDir = dir.resolve("run");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli", "run",
                dir.resolve("runbook.yaml").toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", runDir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long end = System.currentTimeMillis() + 30_000;
            while (db.column("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND state = 'active'"
                    + " AND pid <> pg_backend_pid()").isEmpty()) {
                if (System.currentTimeMillis() > end || !p.isAlive()) {
                    throw new AssertionError("never reached the slow step: " + Files.readString(dir.resolve("out.txt")));
                }
                Thread.sleep(50);
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process did not stop");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(1, p.exitValue(), "stopped and rolled back: exit 1 " + Files.readString(dir.resolve("out.txt")));
        List<JsonNode> events = Runs.events(runDir);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("run.finished", last.get("type").asText(), Files.readString(dir.resolve("out.txt")));
        assertEquals("interrupted", last.get("outcome").asText());
        assertEquals("ok", Runs.lastFinished(runDir, "rollback/first").get("status").asText());
        assertEquals(List.of(), db.column("SELECT name FROM t"));
    }
}
