package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestRunbooks;
import dev.runbook.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every session of a run, Flyway's included, is opened one way: named after the run, so it can be found. */
class TargetConnectorTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @Test
    void flywaysSessionsCarryTheRunsApplicationNameLikeTheSteps(@TempDir Path dir) throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE SCHEMA audit; CREATE TABLE audit.seen (who text, application text)");
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/V1__who.sql"),
                "INSERT INTO audit.seen SELECT 'flyway', application_name FROM pg_stat_activity WHERE pid = pg_backend_pid();\n");
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: sessions
                targets:
                  app: { engine: postgresql, url: "%s", user: postgres }
                steps:
                  - id: step
                    sql: INSERT INTO audit.seen SELECT 'step', application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()
                    rollback: { sql: DELETE FROM audit.seen }
                  - id: schema
                    migrate: { locations: [migrations] }
                    rollback: { sql: SELECT 1 }
                """.formatted(db.jdbcUrl()));
        Plan plan = TestRunbooks.plan(dir.resolve("runbook.yaml"), null, Map.of(), Map.of());
        RunResult r = new Executor().run(plan, Runs.options(dir.resolve("run"), new Runs.RecordingProgress()));
        assertEquals(0, r.exitCode(), r.summary());
        String step = db.one("SELECT application FROM audit.seen WHERE who = 'step'");
        assertTrue(step.startsWith("runbook:" + r.runId() + ":"), step);
        assertEquals(step, db.one("SELECT application FROM audit.seen WHERE who = 'flyway'"));
    }
}
