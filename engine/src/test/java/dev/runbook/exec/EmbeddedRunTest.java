package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.cli.RunbookCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code runbook run --embedded}: the engine starts its own PostgreSQL, one database per target, and stops it. */
class EmbeddedRunTest {
    @TempDir
    Path dir;

    @Test
    void runsARunbookOnAnEmbeddedServerWithNothingInstalled() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: try-me
                defaults: { target: app }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                  audit: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: create
                    sql: CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)
                    rollback: { sql: DROP TABLE t }
                  - id: count
                    sql: SELECT count(*) FROM t
                    expect: result == 2
                  - id: separate
                    target: audit
                    sql: SELECT count(*) FROM pg_tables WHERE tablename = 't'
                    expect: result == 0
                """);
        CommandLine cl = RunbookCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("run", dir.resolve("runbook.yaml").toString(), "--embedded", "--out",
                dir.resolve("run").toString(), "--quiet");
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().startsWith("succeeded (exit 0): 3 of 3 steps ran, 0 skipped"), out.toString());
        String display = Runs.events(dir.resolve("run")).get(0).get("run").get("targets").get(0).get("display").asText();
        EmbeddedServerChoice chosen = EmbeddedServerChoice.choose(null, PgClientTools.major());
        assertEquals("embedded postgresql (database rb_app) on " + chosen.describe(), display,
                "the report header names the server and why it was chosen");
    }
}
