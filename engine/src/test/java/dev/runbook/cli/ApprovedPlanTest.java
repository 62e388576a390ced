package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli.Result;
import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import dev.runbook.reports.events.EventLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** run --plan: a run bound to the plan a reviewer approved, refused with a readable diff when anything changed. */
class ApprovedPlanTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;


    private static Result cli(String... args) {
        return TestCli.run(args);
    }

    @Test
    void aSavedPlanRunsWhenNothingChangedAndIsRefusedWithTheDiffWhenOneCharacterDid() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (n int)");
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("sql/change.sql"), "INSERT INTO t VALUES (1);\n");
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: approved
                params:
                  ticket: { type: string, required: true }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: change
                    sql: { file: sql/change.sql }
                    rollback: { sql: DELETE FROM t }
                """);
        String target = "app=" + db.jdbcUrl() + "?user=postgres";
        Path saved = dir.resolve("plan.json");
        Result plan = cli("plan", rb.toString(), "-p", "ticket=OPS-1", "--target", target, "--format", "json",
                "--out", saved.toString());
        assertEquals(0, plan.code(), plan.err());

        Result ok = cli("run", rb.toString(), "-p", "ticket=OPS-1", "--target", target, "--plan", saved.toString(),
                "--out", dir.resolve("r1").toString(), "-q");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("1", db.one("SELECT count(*) FROM t"));
        String approved = new EventLogReader().read(dir.resolve("r1")).run().approvedPlan();
        assertTrue(approved.contains("plan.json") && approved.contains("sha256:"), approved);

        Files.writeString(dir.resolve("sql/change.sql"), "INSERT INTO t VALUES (2);\n");
        Result changed = cli("run", rb.toString(), "-p", "ticket=OPS-1", "--target", target, "--plan", saved.toString(),
                "--out", dir.resolve("r2").toString());
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("the plan changed since it was saved"), changed.err());
        assertTrue(changed.err().contains("file sql/change.sql: changed (sha256:"), changed.err());
        assertEquals("1", db.one("SELECT count(*) FROM t"), "nothing ran");
        assertFalse(Files.exists(dir.resolve("r2").resolve("events.jsonl")));

        Files.writeString(dir.resolve("sql/change.sql"), "INSERT INTO t VALUES (1);\n");
        Result otherParam = cli("run", rb.toString(), "-p", "ticket=OPS-2", "--target", target, "--plan", saved.toString());
        assertEquals(2, otherParam.code());
        assertTrue(otherParam.err().contains("param ticket: OPS-1 -> OPS-2"), otherParam.err());
    }
}
