package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.cli.RunbookCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The staging playbook of seed 003 with the hard guard of seed 002, run through {@code runbook run} against
 * embedded PostgreSQL, psql for the backup and grants, and an in-test HTTP server for /health endpoints.
 */
class StagingPlaybookEndToEndTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();
    static final Path RUNBOOK = Path.of("src/test/resources/fixtures/run/staging-playbook/runbook.yaml");
    static final String URL_PASSWORD = "url-pass-9Hq2x";

    @TempDir
    Path out;
    PostgresServer.TestDb db;
    HttpServer api;
    final AtomicInteger deepCalls = new AtomicInteger();
    volatile int healthyAfter = 2;
    volatile String appEnvironment = "staging";

    record Result(int code, String out, String err) {}

    @BeforeEach
    void start() throws IOException {
        db = PG.freshDatabase();
        db.exec("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fluxolab_devmode') THEN"
                + " CREATE ROLE fluxolab_devmode; END IF; END $$;"
                + "CREATE TABLE app_settings (key text PRIMARY KEY, value text);"
                + "INSERT INTO app_settings VALUES ('environment', 'staging');"
                + "CREATE TABLE users (id int PRIMARY KEY, email text, default_workspace_id int);"
                + "CREATE TABLE workspaces (id serial PRIMARY KEY, owner_id int REFERENCES users, name text);"
                + "CREATE TABLE credentials (id serial PRIMARY KEY, workspace_id int NOT NULL REFERENCES workspaces, label text);"
                + "INSERT INTO users VALUES (1, 'ana@example.com', null), (2, 'rui@example.com', null)");
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/health", ex -> {
            boolean deep = ex.getRequestURI().getPath().equals("/health/deep");
            boolean ok = !deep || deepCalls.incrementAndGet() > healthyAfter;
            byte[] body = ("{\"status\":\"" + (ok ? "ok" : "CRITICAL") + "\",\"environment\":\"" + appEnvironment + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(ok ? 200 : 503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    private Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", RUNBOOK.toString(), "--env", "staging", "--param", "ticket=OPS-42",
                "--target", "app=postgresql://postgres:" + URL_PASSWORD + "@localhost:" + db.port() + "/" + db.name(),
                "--target", "api=http://127.0.0.1:" + api.getAddress().getPort(), "--out", out.toString(), "--verbose"));
        args.addAll(List.of(extra));
        CommandLine cl = RunbookCli.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args.toArray(String[]::new));
        return new Result(code, o.toString(), e.toString());
    }

    @Test
    void runsThePlaybookEndToEnd() throws IOException {
        Result r = run("--approve", "go-live");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(List.of(), db.column("SELECT id FROM users WHERE default_workspace_id IS NULL"));
        assertEquals(List.of("OPS-42", "OPS-42"), db.column("SELECT label FROM credentials"));
        assertEquals("t", db.one("SELECT has_table_privilege('fluxolab_devmode', 'credentials', 'SELECT')"));
        assertEquals(2, Files.readAllLines(out.resolve("users-before.csv")).size(), "the backup step wrote the users");
        assertEquals(3, Runs.finished(out, "step/health").size(), "two CRITICAL answers were retried");
        assertTrue(r.out().contains("[1/7] backup ... ok"), r.out());
        assertTrue(r.out().contains("[7/7] health (attempt 2/4) ... failed"), r.out());
        assertTrue(r.out().contains("[precondition 1/3] database answers ... ok"), r.out());
        assertFalse(r.out().contains("database answers ...\n"), "piped output has no start lines: " + r.out());
        assertTrue(r.out().contains("succeeded (exit 0): 7 of 7 steps ran, 0 skipped"), r.out());
        assertTrue(r.out().contains("run folder: " + out), r.out());
        for (String f : List.of("report.html", "report.json", "report.md", "report.junit.xml")) {
            assertTrue(r.out().contains("report: " + out.resolve(f)), r.out());
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        dev.runbook.reports.model.RunReport report = new dev.runbook.reports.events.EventLogReader().read(out);
        assertEquals(0, report.exitCode());
        assertNoPassword(r);
    }

    @Test
    void aFailedDeepHealthCheckRollsTheChangeBack() throws IOException {
        healthyAfter = Integer.MAX_VALUE;
        Result r = run("--approve", "go-live");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of(), db.column("SELECT label FROM credentials"));
        assertEquals(List.of(), db.column("SELECT id FROM workspaces"));
        assertEquals(List.of("1", "2"), db.column("SELECT id FROM users WHERE default_workspace_id IS NULL ORDER BY id"));
        List<String> keys = Runs.startedKeys(out);
        assertEquals(List.of("rollback/credentials", "rollback/workspace-defaults"), keys.subList(keys.size() - 2, keys.size()));
        assertEquals("rolled_back", Runs.runFinished(out).get("outcome").asText());
        assertTrue(Files.readString(out.resolve("report.md")).contains("health"), "the failed run has its report too");
        assertTrue(r.out().contains("failed, rolled back (exit 1): step health failed: expected status == 200"
                + " && json.status == 'ok'"), r.out());
        // The backup (backup: true) only read the target into the run folder: no change it keeps.
        assertTrue(r.out().contains("steps without a rollback keep their changes: grants\n")
                || r.err().contains("steps without a rollback keep their changes: grants\n"), r.out() + r.err());
        assertNoPassword(r);
    }

    @Test
    void theWrongEnvironmentStopsBeforeAnythingChanges() throws IOException {
        appEnvironment = "production";
        Result r = run("--approve", "go-live");
        assertEquals(3, r.code(), r.out() + r.err());
        assertEquals(List.of(), db.column("SELECT id FROM workspaces"));
        String reason = Runs.lastFinished(out, "precondition/2").get("reason").asText();
        assertTrue(reason.contains("this looks like the wrong environment: declared 'staging' expects every marker to be"
                + " 'staging', but /health .environment = 'production'"), reason);
        assertFalse(Files.exists(out.resolve("users-before.csv")));
        assertNoPassword(r);
    }

    @Test
    void withoutTheApprovalTheRunStopsCleanlyAtItAndSaysHowToGoOn() throws IOException {
        Result r = run();
        assertEquals(6, r.code(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("waiting for approval of step go-live"), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("runbook approve "), r.out() + r.err());
        assertFalse(db.column("SELECT id FROM workspaces").isEmpty(), "the steps before the approval ran and stay");
        assertTrue(Files.exists(out.resolve("users-before.csv")), "the backup before the approval was taken");
    }

    @Test
    void anUnknownReportFormatIsAUsageError() {
        Result r = run("--approve", "go-live", "--report", "html,pdf");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown --report format 'pdf': expected html, json, md, junit"), r.err());
        assertEquals(List.of(), db.column("SELECT id FROM workspaces"));
    }

    private void assertNoPassword(Result r) throws IOException {
        StringBuilder all = new StringBuilder(r.out()).append(r.err());
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) all.append(Files.readString(p));
        }
        assertFalse(all.toString().contains(URL_PASSWORD), "the URL password leaked");
        assertFalse(all.toString().contains("app-pw-Zq81-secret"), "the secret param leaked");
    }
}
