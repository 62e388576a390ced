package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** plan --connect and run judge guard and migrations preconditions alike, and find a password file alike. */
class PreconditionAgreementTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private Path runbook(String target) throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("migrations/001_a.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(dir.resolve("sql/marker.sql"), "SELECT value FROM app_settings WHERE key = 'environment'\n");
        Files.writeString(dir.resolve("pw.txt"), "not-a-real-password\n");
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: agreement
                environments:
                  staging: {}
                targets:
                  app: %s
                preconditions:
                  - name: right environment
                    guard:
                      sources:
                        - sql: { file: sql/marker.sql }
                  - name: nothing pending
                    migrations: { locations: [migrations], naming: numbered }
                steps:
                  - id: change
                    sql: INSERT INTO app_settings VALUES ('touched', 'yes')
                    rollback: { sql: "DELETE FROM app_settings WHERE key = 'touched'" }
                """.formatted(target));
        return rb;
    }

    @Test
    void planConnectAndRunGiveTheSameVerdictOnGuardAndMigrations() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE app_settings (key text PRIMARY KEY, value text); INSERT INTO app_settings VALUES ('environment', 'staging')");
        // The password file is named from the runbook's folder, not from where the command runs (the module folder).
        Path rb = runbook("{ engine: postgresql, url: \"" + db.jdbcUrl() + "\", user: postgres, password_file: pw.txt }");

        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--env", "staging", "--connect");
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("precondition 1 'right environment': database marker = staging  [would pass now]"),
                plan.out());
        assertTrue(plan.out().contains("precondition 2 'nothing pending': no version applied, pending: 001  [would FAIL now]"),
                plan.out());

        TestCli.Result run = TestCli.run("run", rb.toString(), "--env", "staging", "--out", dir.resolve("run").toString());
        assertEquals(3, run.code(), run.all());
        String events = Files.readString(dir.resolve("run/events.jsonl"));
        assertTrue(events.contains("precondition 'nothing pending' not met: no version applied, pending: 001"), events);
        assertTrue(!events.contains("precondition 'right environment' not met"), events);
        assertEquals("0", db.one("SELECT count(*) FROM app_settings WHERE key = 'touched'"));

        TestCli.Result history = TestCli.run("history", rb.toString(), "--env", "staging");
        assertEquals(0, history.code(), history.all());
    }

    @Test
    void aWrongMarkerFailsTheGuardInPlanConnectAsInRun() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE app_settings (key text PRIMARY KEY, value text); INSERT INTO app_settings VALUES ('environment', 'production')");
        Path rb = runbook("{ engine: postgresql, url: \"" + db.jdbcUrl() + "\", user: postgres }");
        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--env", "staging", "--connect");
        assertEquals(0, plan.code(), plan.all());
        String wrong = "this looks like the wrong environment: declared 'staging' expects every marker to be 'staging',"
                + " but database marker = 'production'";
        assertTrue(plan.out().contains("precondition 1 'right environment': " + wrong + "  [would FAIL now]"), plan.out());
        TestCli.Result run = TestCli.run("run", rb.toString(), "--env", "staging", "--out", dir.resolve("run").toString());
        assertEquals(3, run.code(), run.all());
        assertTrue(Files.readString(dir.resolve("run/events.jsonl")).contains("precondition 'right environment' not met: " + wrong));
    }
}
