package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "target:" line after a failure says what the target really holds: migrations Flyway's history table
 * says are committed, steps the journal says succeeded or were compensated; "unchanged" only when verified.
 */
class TargetStateTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    PostgresServer.TestDb db;
    Path migrations;

    @BeforeEach
    void prepare() throws Exception {
        db = PG.freshDatabase();
        db.exec("CREATE SCHEMA side; CREATE TABLE side.done (step text)");
        migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("001_accounts.sql"), "CREATE TABLE accounts (id int PRIMARY KEY);\n");
    }

    private Result run(String steps) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: facts
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                """ + steps.indent(2));
        return TestCli.run("run", rb.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve("run").toString());
    }

    private static String targetLine(Result r) {
        return r.out().lines().filter(l -> l.startsWith("target: ")).findFirst()
                .orElseThrow(() -> new AssertionError(r.all()));
    }

    private String history(Result r) {
        return db.one("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) FROM flyway_schema_history");
    }

    @Test
    void aBackupIsNotAChangeTheRollbackLeavesBehind() throws Exception {
        Result r = run("""
                - id: backup
                  backup: true
                  shell: [touch, "${run.dir}/before.txt"]
                - id: change
                  sql: CREATE TABLE side.t (id int)
                  rollback: { sql: DROP TABLE side.t }
                - id: fail
                  mutating: false
                  sql: SELECT 1 / 0
                  on_failure: rollback
                """);
        assertEquals(1, r.code(), r.all());
        assertEquals("0", db.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'"));
        assertEquals("target: restored: rolled back: change", targetLine(r), r.all());
        assertFalse(r.all().contains("keep their changes"), r.all());
    }

    @Test
    void aMigrateStepFailingOnItsSecondMigrationSaysTheFirstIsStillApplied() throws Exception {
        Files.writeString(migrations.resolve("002_broken.sql"), "SELEC 1;\n");
        Result r = run("""
                - id: schema
                  migrate: { locations: [migrations], naming: numbered }
                """);
        assertEquals(1, r.code(), r.all());
        assertEquals("001:true", history(r), "Flyway committed 001 before 002 failed");
        String line = targetLine(r);
        assertFalse(line.startsWith("target: unchanged"), line);
        assertTrue(line.contains("partly changed"), line);
        assertEquals("target: partly changed: still applied by failed steps: schema: 001_accounts.sql; later steps did not run",
                line);
        assertTrue(Runs.runFinished(dir.resolve("run")).get("target_state").asText().contains("001"),
                "the event log and reports say the same");
    }

    @Test
    void whenFlywaysSessionDiesTheRolledBackRunStillSaysTheFirstMigrationStaysApplied() throws Exception {
        Files.writeString(migrations.resolve("002_killed.sql"), "SELECT pg_terminate_backend(pg_backend_pid());\n");
        Result r = run("""
                - id: first
                  sql: INSERT INTO side.done VALUES ('first')
                  rollback: { sql: DELETE FROM side.done WHERE step = 'first' }
                - id: schema
                  migrate: { locations: [migrations], naming: numbered }
                  on_failure: rollback
                """);
        assertEquals(1, r.code(), r.all());
        assertEquals("0", db.one("SELECT count(*) FROM side.done"), "first was compensated");
        assertEquals("001", db.one("SELECT string_agg(version, ',') FROM flyway_schema_history WHERE success"));
        String line = targetLine(r);
        assertFalse(line.startsWith("target: restored"), line);
        assertTrue(line.contains("001"), "names the migration still applied: " + line);
        assertTrue(line.contains("first"), "names what was compensated: " + line);
        assertEquals("target: partly restored: still applied by failed steps: schema: 001_accounts.sql; rolled back: first",
                line);
    }

    @Test
    void aFailureBeforeAnyChangeIsVerifiedUnchanged() throws Exception {
        Result r = run("""
                - id: broken
                  sql: UPDATE nowhere SET x = 1
                """);
        assertEquals(1, r.code(), r.all());
        assertTrue(targetLine(r).startsWith("target: unchanged"), targetLine(r));
    }

    @Test
    void aFailedStepOutsideATransactionIsNotCalledUnchanged() throws Exception {
        Result r = run("""
                - id: halfway
                  sql: { text: "INSERT INTO side.done VALUES ('a'); SELEC 1", transaction: false }
                """);
        assertEquals(1, r.code(), r.all());
        assertEquals("a", db.one("SELECT string_agg(step, ',') FROM side.done"), "the first statement stayed committed");
        String line = targetLine(r);
        assertTrue(line.startsWith("target: partly changed: unknown: step halfway failed part-way"), line);
    }
}
