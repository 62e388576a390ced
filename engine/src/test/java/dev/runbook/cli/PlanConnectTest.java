package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.exec.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** plan --connect: what the target says now, read-only, marked as a point-in-time observation. */
class PlanConnectTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void showsWhichPreconditionsWouldPassNowAndThePendingMigrationsWithoutWritingAnything() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/001_a.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(dir.resolve("migrations/002_b.sql"), "CREATE TABLE b (id int);\n");
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: connect
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                preconditions:
                  - name: server answers
                    sql: SELECT 1
                    expect: result == 1
                  - name: no accounts table yet
                    sql: SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'accounts'
                    expect: result == 1
                steps:
                  - id: schema
                    migrate: { locations: [migrations], naming: numbered }
                    rollback: { sql: SELECT 1 }
                """);
        CommandLine cl = RunbookCli.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute("plan", rb.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres", "--connect");
        assertEquals(0, code, e.toString());
        String out = o.toString();
        assertTrue(out.contains("Observed on the targets at "), out);
        assertTrue(out.contains("precondition 1 'server answers': result = 1  [would pass now]"), out);
        assertTrue(out.contains("precondition 2 'no accounts table yet': result = 0  [would FAIL now]"), out);
        assertTrue(out.contains("step 'schema' (migrate): no version applied, pending: 001, 002; would apply 001, 002"), out);
        assertEquals("0", db.one("SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'runbook')"),
                "read-only: no journal, no Flyway table, nothing");

        // The JSON form, observations included, is what the published plan schema describes.
        StringWriter json = new StringWriter();
        cl.setOut(new PrintWriter(json));
        assertEquals(0, cl.execute("plan", rb.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres", "--connect",
                "--format", "json"));
        com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
        assertEquals(false, plan.get("observed").get("items").get(1).get("passes_now").asBoolean());
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("../dsl-schema/plan.schema.json")));
        assertEquals(java.util.Set.of(), schema.validate(plan), json.toString());
    }
}
