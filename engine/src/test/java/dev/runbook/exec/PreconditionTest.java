package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.model.Expr;
import dev.runbook.model.Precondition;
import dev.runbook.model.Precondition.OnFail;
import dev.runbook.model.Template;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedCondition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PreconditionTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;
    PostgresServer.TestDb db;

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE app_settings (key text PRIMARY KEY, value text); CREATE TABLE t (n int);"
                + "INSERT INTO app_settings VALUES ('environment', 'staging')");
    }

    private RunResult run(Plan plan, Map<String, String> env) {
        return new Executor().run(plan, Runs.options(runDir, new Runs.RecordingProgress()).withEnvironment(env));
    }

    private Plans guarded() {
        return plan().db("app", db).step("change", sqlStep("INSERT INTO t VALUES (1)")).and();
    }

    @Test
    void aHaltingPreconditionStopsWithExitThreeAndNothingChanged() {
        RunResult r = run(guarded()
                .sqlPrecondition("database answers", "app", "SELECT 1", "result == 1", OnFail.HALT)
                .sqlPrecondition("wrong-environment guard", "app",
                        "SELECT value FROM app_settings WHERE key = 'environment'", "result == 'production'", OnFail.HALT)
                .build(), Map.of());
        assertEquals(3, r.exitCode());
        assertEquals(RunOutcome.PRECONDITION_FAILED, r.outcome());
        assertEquals("0", db.one("SELECT count(*) FROM t"));
        JsonNode f = Runs.lastFinished(runDir, "precondition/2");
        assertEquals("failed", f.get("status").asText());
        assertEquals("result == 'production'", f.get("expected").asText());
        assertEquals("result = 'staging'", f.get("actual").asText());
        assertEquals("precondition 'wrong-environment guard' not met: expected result == 'production', got result = 'staging'",
                f.get("reason").asText());
        assertEquals("not run: precondition wrong-environment guard failed", Runs.skipped(runDir, "step/change").get("reason").asText());
        assertEquals("unchanged: precondition 'wrong-environment guard' failed before any step ran",
                Runs.runFinished(runDir).get("target_state").asText());
    }

    @Test
    void aWarningPreconditionIsRecordedAndTheRunGoesOn() {
        RunResult r = run(guarded().precondition("ops vars", new PlannedCondition.EnvVars(List.of("PAGER_TOKEN")), null,
                null, OnFail.WARN).build(), Map.of());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("warned", Runs.lastFinished(runDir, "precondition/1").get("status").asText());
        assertEquals("1", db.one("SELECT count(*) FROM t"));
    }

    @Test
    void aSkippingPreconditionSkipsTheWholeRunbookWithExitZero() {
        RunResult r = run(guarded().sqlPrecondition("not yet applied", "app", "SELECT count(*) FROM app_settings",
                "count == 0", OnFail.SKIP).build(), Map.of());
        assertEquals(0, r.exitCode());
        assertTrue(r.summary().startsWith("skipped: precondition 'not yet applied'"), r.summary());
        assertEquals("0", db.one("SELECT count(*) FROM t"));
    }

    @Test
    void checksEnvironmentVariablesFilesAndExpressions(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("dump.backup"), "x");
        RunResult r = run(guarded().baseDir(dir).param("mode", "apply")
                .precondition("vars", new PlannedCondition.EnvVars(List.of("DATABASE_URL", "APP_ORIGIN")), null, null, OnFail.HALT)
                .precondition("backup", new PlannedCondition.FileExists(new Template("dump.${'backup'}", Plans.POS)), null,
                        null, OnFail.HALT)
                .precondition("mode", new PlannedCondition.Expression(new Expr("params.mode == 'apply'", Plans.POS)), null,
                        null, OnFail.HALT)
                .precondition("missing file", new PlannedCondition.FileExists(new Template("nope.sql", Plans.POS)), null,
                        null, OnFail.WARN)
                .build(), Map.of("DATABASE_URL", "postgresql://x", "APP_ORIGIN", ""));
        assertEquals(3, r.exitCode());
        assertEquals("precondition 'vars' not met: environment variable APP_ORIGIN is not set",
                Runs.lastFinished(runDir, "precondition/1").get("reason").asText());
        assertEquals("ok", Runs.lastFinished(runDir, "precondition/2").get("status").asText());
        assertEquals("ok", Runs.lastFinished(runDir, "precondition/3").get("status").asText());
        assertEquals("warned", Runs.lastFinished(runDir, "precondition/4").get("status").asText());
    }

    @Test
    void aMigrationsPreconditionNamesThePendingVersionsAndPassesOnceTheyAreApplied(@TempDir Path dir) throws Exception {
        Path migrations = java.nio.file.Files.createDirectories(dir.resolve("migrations"));
        java.nio.file.Files.writeString(migrations.resolve("001_init.sql"), "CREATE TABLE m1 (id int);\n");
        java.nio.file.Files.writeString(migrations.resolve("002_more.sql"), "CREATE TABLE m2 (id int);\n");
        PlannedCondition.Migrations upToDate = new PlannedCondition.Migrations(List.of(migrations), null, null,
                dev.runbook.model.MigrateSpec.Naming.NUMBERED, null);
        RunResult pending = run(guarded().baseDir(dir).precondition("no pending", upToDate, "app", null, OnFail.HALT)
                .build(), Map.of());
        assertEquals(3, pending.exitCode());
        assertEquals("precondition 'no pending' not met: no version applied, pending: 001, 002",
                Runs.lastFinished(runDir, "precondition/1").get("reason").asText());
        assertEquals("0", db.one("SELECT count(*) FROM t"), "nothing ran");

        new dev.runbook.migrate.MigrationRunner(new dev.runbook.migrate.JdbcDataSource(db.jdbcUrl(), db.properties()))
                .migrate(new dev.runbook.migrate.MigrationRequest(List.of(migrations), null, true, "0", "existing tables",
                        true, false, null, List.of(), dev.runbook.model.MigrateSpec.Naming.NUMBERED));
        RunResult applied = new Executor().run(guarded().baseDir(dir)
                .precondition("no pending", upToDate, "app", null, OnFail.HALT).build(),
                Runs.options(dir.resolve("second"), new Runs.RecordingProgress()));
        assertEquals(0, applied.exitCode(), applied.summary());
    }
}
