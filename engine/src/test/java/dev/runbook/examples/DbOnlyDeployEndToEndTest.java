package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.exec.PostgresServer;
import dev.runbook.testdb.ClientMatchedPostgres;
import dev.runbook.testdb.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001 (runbooks/db-only-postgres-deploy) end to end against its Node application (NodeAppFixture) and real
 * PostgreSQL, through the real CLI in a child process (the runbook reads the app's environment variables): in
 * staging with no gates, in production with its gates and its maintenance window, where each approval stands
 * for a restart the operator does (the run waits, the test restarts the app, approves and resumes), and a failed
 * data operation that restores the database snapshot and public/uploads.
 */
class DbOnlyDeployEndToEndTest {
    private static final Path RUNBOOK = Path.of("../runbooks/db-only-postgres-deploy/runbook.yaml").toAbsolutePath().normalize();

    @RegisterExtension
    static final ClientMatchedPostgres PG = new ClientMatchedPostgres();

    @TempDir
    Path dir;

    private PostgresServer.TestDb db;
    private Map<String, String> env;

    record Result(int code, String out) {}

    @BeforeEach
    void appEnvironment() {
        String missing = NodeAppFixture.missingTools();
        Assumptions.assumeTrue(missing == null, "seed 001 end to end needs the application's tools: " + missing);
        TestPostgres.Db d = PG.freshDatabase();
        db = new PostgresServer.TestDb(d.name(), d.port());
        env = new HashMap<>();
        env.put("NODE_ENV", "production");
        env.put("DATABASE_URL", db.clientUrl());
        env.put("SESSION_SECRET", "fixture-session-secret-0123456789");
        env.put("APP_ORIGIN", "https://nekomata.moe,https://www.nekomata.moe");
        env.put("npm_config_offline", "true");
        env.put("npm_config_update_notifier", "false");
    }

    /** The release before this change is deployed: the given migrations applied, its build running, users in. */
    private NodeAppFixture deployed(List<String> migrations) throws Exception {
        NodeAppFixture app = NodeAppFixture.checkout(dir.resolve("app"), env, migrations);
        app.npm("prisma:migrate:deploy");
        app.npm("build");
        db.exec("INSERT INTO users (email, permissions) VALUES ('ana@nekomata.moe', '{editor}'),"
                + " ('bruno@nekomata.moe', '{uploader}'), ('carla@nekomata.moe', '{admin}');"
                + " INSERT INTO projects (slug, title) VALUES ('hoshi', 'Hoshi no Ko')");
        app.pullNewRelease();
        app.restart(false);
        return app;
    }

    @Test
    void stagingDeploysAndOnlyDryRunsTheDataOperations() throws Exception {
        try (NodeAppFixture app = deployed(List.of("20240101000000_init"))) {
            Result r = cli("run", RUNBOOK.toString(), "--env", "staging", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "--approve", "app-restarted", "--out", dir.resolve("staging").toString());
            assertEquals(0, r.code(), r.out());
            assertEquals(NodeAppFixture.ALL_MIGRATIONS, db.column("SELECT migration_name FROM _prisma_migrations"
                    + " WHERE finished_at IS NOT NULL ORDER BY migration_name"), "every migration applied once");
            assertEquals("0", db.one("SELECT count(*) FROM user_permissions_v2"), "the RBAC dry run wrote nothing");
            assertEquals("3", db.one("SELECT count(*) FROM users WHERE permissions_version = 1"));
            assertEquals("0", db.one("SELECT count(*) FROM upload_inventory"), "no inventory without apply");
            assertEquals(NodeAppFixture.UPLOADS, app.uploads(), "the uploads dry run moved nothing");

            JsonNode report = report(dir.resolve("staging"));
            assertEquals("skipped", status(report, "step/uploads-reorganize-apply"));
            assertEquals("ok", status(report, "step/health.check"));
            assertTrue(evidence(report, "step/uploads-reorganize-dry-run").contains("[dry-run] 2024-05-cover.png -> 2024/05/cover.png"),
                    evidence(report, "step/uploads-reorganize-dry-run"));
            assertTrue(evidence(report, "step/rbac-dry-run").contains("[dry-run] carla@nekomata.moe: admin ->"),
                    evidence(report, "step/rbac-dry-run"));
            assertTrue(evidence(report, "step/migrate-status").contains("Database schema is up to date!"),
                    evidence(report, "step/migrate-status"));

            Result again = cli("run", RUNBOOK.toString(), "--env", "staging", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "--approve", "app-restarted", "--out", dir.resolve("again").toString());
            assertEquals(0, again.code(), again.out());
            assertTrue(evidence(report(dir.resolve("again")), "step/prisma-migrate-deploy").contains("No pending migrations to apply."));
            assertEquals("3", db.one("SELECT count(*) FROM _prisma_migrations"), "nothing applied twice");
        }
    }

    @Test
    void productionAppliesTheDataOperationsInsideTheMaintenanceWindow() throws Exception {
        try (NodeAppFixture app = deployed(List.of("20240101000000_init"))) {
            Result refused = cli("run", RUNBOOK.toString(), "--env", "production", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "-p", "apply=true", "--approve", "app-restarted");
            assertEquals(2, refused.code(), "production needs a ticket: " + refused.out());
            assertEquals("0", db.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'permissions_catalog'"));

            String[] run = {"run", RUNBOOK.toString(), "--env", "production", "-p", "ticket=OPS-42", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "-p", "apply=true", "--approve", "app-restarted"};
            Result first = cli(run);
            assertEquals(6, first.code(), "waits for the maintenance window to open: " + first.out());
            String runId = waitingRun(first, "maintenance-on");
            assertEquals("3", db.one("SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL"), "deployed");
            assertEquals("0", db.one("SELECT count(*) FROM user_permissions_v2"), "nothing applied before the window");
            assertEquals(NodeAppFixture.UPLOADS, app.uploads());
            Path runs = dir.resolve("runs");
            assertTrue(Files.size(runs.resolve(runId).resolve("db_before.dump")) > 0, "backup-db took the snapshot");
            assertTrue(Files.size(runs.resolve(runId).resolve("uploads_before.tar.gz")) > 0, "backup-uploads took the tarball");

            app.restart(true);
            Resumed second = approveAndResume(runId, "maintenance-on", 6);
            String secondId = second.id();
            assertEquals(secondId, waitingRun(new Result(6, second.out()), "maintenance-off"), "waits to reopen writes");
            assertEquals("3", db.one("SELECT count(*) FROM user_permissions_v2 WHERE permission = 'uploads:write'"
                    + " OR permission = 'users:manage'"), "bruno: uploads; carla: users and uploads");
            assertEquals("0", db.one("SELECT count(*) FROM users WHERE permissions_version = 1"));
            assertEquals(Map.of("2024/05/cover.png", "cover", "projects/hoshi/banner.png", "hoshi banner",
                    "projects/hoshi/poster.jpg", "hoshi poster", "logo.svg", "<svg/>"), app.uploads(), "reorganised, localised, isolated");
            assertEquals(List.of("2024/05/cover.png", "logo.svg", "projects/hoshi/banner.png", "projects/hoshi/poster.jpg"),
                    db.column("SELECT path FROM upload_inventory ORDER BY path"), "the inventory is the new layout");
            JsonNode inWindow = report(runs.resolve(secondId));
            assertEquals("ok", status(inWindow, "step/health-in-maintenance.check"), "the app answered maintenance=true");

            app.restart(false);
            String thirdId = approveAndResume(secondId, "maintenance-off", 0).id();
            JsonNode last = report(runs.resolve(thirdId));
            assertEquals("ok", status(last, "step/health-after-maintenance.check"), "writes reopened: maintenance=false");
            for (String id : List.of(runId, secondId, thirdId)) {
                for (String f : List.of("report.json", "report.html", "report.md")) {
                    assertTrue(Files.size(runs.resolve(id).resolve(f)) > 0, id + "/" + f);
                    assertFalse(Files.readString(runs.resolve(id).resolve(f)).contains(env.get("SESSION_SECRET")),
                            "SESSION_SECRET is in the app's environment, never in a report: " + id + "/" + f);
                }
            }
            assertEquals("3", db.one("SELECT count(*) FROM _prisma_migrations"), "each migration applied once");
            assertEquals("5", db.one("SELECT count(*) FROM user_permissions_v2"), "RBAC applied once: ana 1, bruno 1, carla 3");
        }
    }

    @Test
    void aFailedPermissionsMigrationRestoresTheDatabaseSnapshotAndTheUploads() throws Exception {
        try (NodeAppFixture app = deployed(List.of("20240101000000_init", "20240301000000_rbac_v2"))) {
            // Someone removed a permission from the catalog by hand: the v2 script fails at carla (admin), after
            // it has committed ana's and bruno's rows.
            db.exec("DELETE FROM permissions_catalog WHERE name = 'users:manage'");
            Result first = cli("run", RUNBOOK.toString(), "--env", "production", "-p", "ticket=OPS-43", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "-p", "apply=true", "--approve", "app-restarted");
            assertEquals(6, first.code(), first.out());
            String runId = waitingRun(first, "maintenance-on");
            assertEquals("1", db.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'upload_inventory'"));

            app.restart(true);
            Resumed failed = approveAndResume(runId, "maintenance-on", 1);
            assertTrue(failed.out().contains("carla@nekomata.moe"), failed.out());
            assertEquals("0", db.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'upload_inventory'"),
                    "the snapshot was taken before the upload_inventory migration");
            assertEquals(List.of("20240101000000_init", "20240301000000_rbac_v2"),
                    db.column("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name"));
            assertEquals("0", db.one("SELECT count(*) FROM user_permissions_v2"), "ana's and bruno's rows are gone again");
            assertEquals("3", db.one("SELECT count(*) FROM users WHERE permissions_version = 1"));
            assertEquals(NodeAppFixture.UPLOADS, app.uploads(), "public/uploads is back as it was");
            assertTrue(Files.isDirectory(app.dir.resolve("public").resolve("uploads.failed-" + failed.id())),
                    "the failed state is kept aside");
            JsonNode report = report(dir.resolve("runs").resolve(failed.id()));
            assertEquals("rolled_back", report.path("outcome").asText(), report.path("outcome").toString());
        }
    }

    @Test
    void aMigrationFailingHalfWayIsUndoneByTheSnapshotSoTheNextDeployIsNotBlocked() throws Exception {
        try (NodeAppFixture app = deployed(List.of("20240101000000_init"))) {
            Path broken = Files.createDirectories(app.dir.resolve("prisma/migrations/20240501000000_project_tags"));
            Files.writeString(broken.resolve("migration.sql"), "CREATE TABLE project_tags (project_id INTEGER, tag TEXT);\n"
                    + "ALTER TABLE project ADD COLUMN tags TEXT[];\n");
            Result r = cli("run", RUNBOOK.toString(), "--env", "staging", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "--approve", "app-restarted", "--out", dir.resolve("failed").toString());
            assertEquals(1, r.code(), r.out());
            assertTrue(r.out().contains("relation \"project\" does not exist"), r.out());
            assertEquals(List.of("20240101000000_init"), db.column("SELECT migration_name FROM _prisma_migrations"),
                    "the applied migrations and the failed one's row (P3009 for the next deploy) are gone");
            assertEquals("0", db.one("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                    + " ('project_tags', 'permissions_catalog', 'upload_inventory')"), "what the deploy created is gone");
            assertEquals("3", db.one("SELECT count(*) FROM users"), "the data is as before");
            assertEquals("rolled_back", report(dir.resolve("failed")).path("outcome").asText());
            assertTrue(r.out().contains("target: restored: rolled back: prisma-migrate-deploy"),
                    "the backups are no change left behind: " + r.out());

            Files.writeString(broken.resolve("migration.sql"), "CREATE TABLE project_tags (project_id INTEGER, tag TEXT);\n");
            Result fixed = cli("run", RUNBOOK.toString(), "--env", "staging", "-p", "app_dir=" + app.dir,
                    "-p", "base_url=" + app.baseUrl(), "--approve", "app-restarted", "--out", dir.resolve("fixed").toString());
            assertEquals(0, fixed.code(), fixed.out());
            assertEquals("4", db.one("SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL"));
        }
    }

    /** What a resume printed and the id of the run it started (the one new run folder). */
    record Resumed(String out, String id) {}

    private Resumed approveAndResume(String runId, String step, int expected) throws Exception {
        // In-process (one JVM start less): approve only writes the journal, so the target is given instead of the app's env.
        dev.runbook.TestCli.Result approve = dev.runbook.TestCli.run("approve", runId, step, "--reason",
                "app restarted by the operator", "--runs", dir.resolve("runs").toString(),
                "--target", "db=" + db.jdbcUrl() + "?user=postgres");
        assertEquals(0, approve.code(), approve.all());
        List<String> before = runFolders();
        Result resume = cli("resume", runId, "--runs", "runs");
        assertEquals(expected, resume.code(), resume.out());
        List<String> started = new ArrayList<>(runFolders());
        started.removeAll(before);
        assertEquals(1, started.size(), "one new run folder: " + started + "\n" + resume.out());
        return new Resumed(resume.out(), started.get(0));
    }

    private List<String> runFolders() throws Exception {
        try (var s = Files.list(dir.resolve("runs"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String waitingRun(Result r, String step) {
        Matcher m = Pattern.compile("runbook approve (\\S+) " + Pattern.quote(step)).matcher(r.out());
        assertTrue(m.find(), "waiting at " + step + ": " + r.out());
        return m.group(1);
    }

    private static JsonNode report(Path runDir) throws Exception {
        return new ObjectMapper().readTree(Files.readString(runDir.resolve("report.json")));
    }

    private static JsonNode item(JsonNode report, String key) {
        for (JsonNode it : report.path("items")) {
            if (it.path("key").asText().equals(key)) return it;
        }
        List<String> keys = new ArrayList<>();
        report.path("items").forEach(it -> keys.add(it.path("key").asText()));
        throw new AssertionError("no item " + key + " in " + keys);
    }

    private static String status(JsonNode report, String key) {
        return item(report, key).path("status").asText();
    }

    private static String evidence(JsonNode report, String key) {
        return item(report, key).toString();
    }

    /** The CLI in a child process in {@code dir} (runs/ lands there), with the app's environment variables. */
    private Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
