package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.cli.RunbookCli;
import dev.runbook.exec.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed runbooks of runbooks/, end to end on real PostgreSQL: each runs in an environment that allows it and
 * is refused, before anything changes, in one whose gates it does not meet. Seed 000 targets SQL Server: here
 * only its refusal runs (the SQL Server scenario suite covers the engine). Seed 001 drives npm in the
 * application's folder: its refusal is here, its runs against a Node application in DbOnlyDeployEndToEndTest.
 */
class SeedRunbooksEndToEndTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    record Result(int code, String out) {}

    private Result cli(String... args) {
        CommandLine cl = RunbookCli.commandLine();
        StringWriter o = new StringWriter();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(o));
        return new Result(cl.execute(args), o.toString());
    }

    private static String tables(PostgresServer.TestDb db) {
        return db.one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
    }

    @Test
    void seed003RunsInStagingWithItsGatesAndIsRefusedWithoutTheReasonFor008() {
        PostgresServer.TestDb db = PG.freshDatabase();
        String target = "app=" + db.jdbcUrl() + "?user=postgres";
        String rb = "../runbooks/staging-migrations-001-008/runbook.yaml";
        Result refused = cli("run", rb, "--env", "staging", "-p", "ticket=OPS-42", "--target", target,
                "--approve", "freeze-confirmed", "--maintenance-window", "--out", dir.resolve("refused").toString());
        assertEquals(2, refused.code(), refused.out());
        assertTrue(refused.out().contains("policy 'destructive' of environment staging is not met: migrate-008 needs --reason"),
                refused.out());
        assertEquals("0", tables(db), "nothing changed");
        Result undeclared = cli("run", rb, "--env", "prod", "-p", "ticket=OPS-42", "--target", target);
        assertEquals(2, undeclared.code());
        assertTrue(undeclared.out().contains("environment 'prod' is not one this runbook may target"), undeclared.out());

        Result ok = cli("run", rb, "--env", "staging", "-p", "ticket=OPS-42", "--target", target, "--approve",
                "freeze-confirmed", "--maintenance-window", "--reason", "OPS-42 window", "-p", "backup_tool=empty-database",
                "--out", dir.resolve("ok").toString());
        assertEquals(0, ok.code(), ok.out());
        assertEquals("0", db.one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'activities'"
                + " AND column_name = 'payload'"), "008 removed activities.payload");
        printsOnAFewPagesWithVerdictAndTimelineFirst(dir.resolve("ok/report.html"));
    }

    /** The main report printed: 23 A4 pages before the print styles, at most a third of that now. */
    private void printsOnAFewPagesWithVerdictAndTimelineFirst(Path html) {
        if (!PrintedReport.possible()) {
            System.err.println("SKIPPED print check of the seed 003 report: no " + PrintedReport.CHROMIUM);
            return;
        }
        try {
            PrintedReport printed = PrintedReport.of(html, dir.resolve("print"));
            assertTrue(printed.pages() >= 1 && printed.pages() <= 7, printed.pages() + " pages");
            if (printed.firstPageText() == null) {
                System.err.println("SKIPPED page-1 text check: no " + PrintedReport.PDFTOTEXT + " (poppler-utils)");
                return;
            }
            assertTrue(printed.firstPageText().startsWith("SUCCEEDED"), printed.firstPageText());
            assertTrue(printed.firstPageText().contains("\nTimeline\n"), "the timeline starts on page 1: " + printed.firstPageText());
            assertTrue(printed.firstPageText().contains("14 steps: 14 ok"), printed.firstPageText());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void seed004RunsInDevAndProductionRefusesSeedDataWithoutAReason() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        String target = "db=" + db.jdbcUrl() + "?user=postgres";
        String rb = "../runbooks/direito-lux-migrations/runbook.yaml";
        Result refused = cli("run", rb, "--env", "production", "-p", "ticket=OPS-7", "-p", "backup_confirmed=true",
                "--target", target, "--target", "api=http://127.0.0.1:9", "--approve", "production-approval",
                "--out", dir.resolve("refused").toString());
        assertEquals(2, refused.code(), refused.out());
        assertTrue(refused.out().contains("policy 'seed'"), refused.out());
        assertEquals("0", tables(db));

        Result ok = cli("run", rb, "--env", "dev", "--target", target, "--out", dir.resolve("ok").toString());
        assertEquals(0, ok.code(), ok.out());
        assertTrue(Integer.parseInt(db.one("SELECT count(*) FROM flyway_schema_history WHERE success")) >= 4, "001..004 applied");
        assertEquals("1", db.one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'"
                + " AND column_name = 'phone'"), "004 added users.phone");
    }

    @Test
    void seed002PausesJuliaWhereTheMarkersAgreeAndRefusesWhereTheyDoNot() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE app_settings (key text PRIMARY KEY, value text);"
                + " INSERT INTO app_settings VALUES ('environment', 'staging'), ('supabase_project_ref', 'abcref');"
                + " CREATE TABLE julia_status (id serial, status text, motivo text, alterado_via text,"
                + " created_at timestamptz DEFAULT now())");
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
        try {
            String url = "postgresql://postgres@localhost:" + db.port() + "/" + db.name() + "?application_name=abcref";
            Map<String, String> env = Map.of("APP_ENV", "staging", "SUPABASE_PROJECT_REF", "abcref", "SUPABASE_DB_URL", url,
                    "RAILWAY_APP_URL", "http://127.0.0.1:" + api.getAddress().getPort());
            Result ok = child(env, "run", "../runbooks/production-ops-guards/runbook.yaml", "--env", "staging",
                    "-p", "release=false", "-p", "action=pause", "-p", "motivo=incident OPS-9", "--out", dir.resolve("ok").toString());
            assertEquals(0, ok.code(), ok.out());
            assertEquals("pausado|incident OPS-9", db.one("SELECT status || '|' || motivo FROM julia_status"));

            Map<String, String> wrong = new java.util.HashMap<>(env);
            wrong.put("APP_ENV", "production");
            Result refused = child(wrong, "run", "../runbooks/production-ops-guards/runbook.yaml", "--env", "production",
                    "-p", "ticket=INC-1", "-p", "release=false", "-p", "action=pause", "--out", dir.resolve("refused").toString());
            assertEquals(3, refused.code(), refused.out());
            assertTrue(refused.out().contains("hard guard"), refused.out());
            assertEquals("1", db.one("SELECT count(*) FROM julia_status"), "nothing changed");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void seeds000And001AreRefusedInProductionWithoutTheirGates() {
        Result s000 = cli("run", "../runbooks/auracore-sqlserver-migrations-seeds/runbook.yaml", "--env", "prod",
                "-p", "ticket=OPS-1", "--target", "db=jdbc:sqlserver://127.0.0.1:9;databaseName=aura;user=sa;password=x",
                "--target", "api=http://127.0.0.1:9", "--target", "audit=http://127.0.0.1:9", "--out", dir.resolve("a").toString());
        assertEquals(2, s000.code(), s000.out());
        assertTrue(s000.out().contains("require_maintenance_window"), s000.out());
        Result s001 = cli("run", "../runbooks/db-only-postgres-deploy/runbook.yaml", "--env", "production",
                "--target", "db=jdbc:postgresql://127.0.0.1:9/x", "--target", "site=http://127.0.0.1:9");
        assertEquals(2, s001.code(), s001.out());
        assertTrue(s001.out().contains("ticket"), s001.out());
    }

    private Result child(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
