package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.TestRunbooks;
import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What runs is what was planned (and hashed): the executor reads no file and decides no planned when: again. */
class PlanIsTheInputTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    PostgresServer.TestDb db;

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE app_settings (key text PRIMARY KEY, value text); CREATE TABLE t (n int);"
                + "INSERT INTO app_settings VALUES ('environment', 'staging')");
    }

    private Path runbook(String steps) throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: plan-input
                environments:
                  staging: {}
                targets:
                  app: { engine: postgresql, url: "%s", user: postgres }
                preconditions:
                  - name: right environment
                    guard:
                      sources:
                        - sql: { file: marker.sql }
                steps:
                %s""".formatted(db.jdbcUrl(), steps));
        Files.writeString(dir.resolve("marker.sql"), "SELECT value FROM app_settings WHERE key = 'environment'\n");
        return dir.resolve("runbook.yaml");
    }

    private RunResult run(Plan plan, Map<String, String> env) {
        return new Executor().run(plan, Runs.options(dir.resolve("run"), new Runs.RecordingProgress()).withEnvironment(env));
    }

    @Test
    void filesChangedOnDiskAfterPlanningDoNotChangeWhatRuns() throws Exception {
        Path rb = runbook("""
                  - id: change
                    sql: { file: change.sql }
                    rollback: { sql: DELETE FROM t }
                """);
        Files.writeString(dir.resolve("change.sql"), "INSERT INTO t VALUES (1)\n");
        Plan plan = TestRunbooks.plan(rb, "staging", Map.of(), Map.of());
        // After the plan was made (and approved): both files are edited.
        Files.writeString(dir.resolve("marker.sql"), "SELECT 'production'\n");
        Files.writeString(dir.resolve("change.sql"), "INSERT INTO t VALUES (666)\n");
        RunResult r = run(plan, Map.of());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("ok", Runs.lastFinished(dir.resolve("run"), "precondition/1").get("status").asText());
        assertEquals("1", db.one("SELECT string_agg(n::text, ',') FROM t"));
    }

    @Test
    void aWhenThePlanDecidedIsNotEvaluatedAgainAtRunTime() throws Exception {
        Path rb = runbook("""
                  - id: flagged
                    when: env.FEATURE_FLAG == 'on'
                    sql: INSERT INTO t VALUES (7)
                    rollback: { sql: DELETE FROM t }
                """);
        Plan plan = TestRunbooks.plan(rb, "staging", Map.of(), Map.of("FEATURE_FLAG", "on"));
        assertEquals(new Decision.Run(), plan.steps().get(0).decision());
        RunResult r = run(plan, Map.of());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("7", db.one("SELECT string_agg(n::text, ',') FROM t"), "the plan said run; the run ran it");
    }

    @Test
    void migrationsEditedOrAddedAfterPlanningAreNotWhatFlywayRuns() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/V1__a.sql"), "CREATE TABLE a (id int);\n");
        Path rb = runbook("""
                  - id: schema
                    migrate: { locations: [migrations], baseline: { version: "0", on_migrate: true } }
                    rollback: { sql: SELECT 1 }
                """);
        Plan plan = TestRunbooks.plan(rb, "staging", Map.of(), Map.of());
        Files.writeString(dir.resolve("migrations/V1__a.sql"), "CREATE TABLE b (id int);\n");
        Files.writeString(dir.resolve("migrations/V2__c.sql"), "CREATE TABLE c (id int);\n");
        RunResult r = run(plan, Map.of());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("a", db.one("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_name IN ('a', 'b', 'c')"));
        assertEquals("V1__a.sql", db.one("SELECT string_agg(script, ',') FROM flyway_schema_history WHERE version = '1'"));
    }
}
