package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.expr.Expressions;
import dev.runbook.plan.PlannedTarget;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTargetTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;

    private static PlannedTarget embedded(String name, String database) {
        return new PlannedTarget(name, "postgresql", "embedded postgresql (database " + database + ")",
                Map.of("embedded", "true", "database", database), "runbook", "runbook.history", false, true);
    }

    @Test
    void givesEachEmbeddedTargetItsOwnDatabaseAndClientToolsAUrl() {
        String suffix = Long.toString(System.nanoTime(), 36);
        Executor executor = new Executor(new Expressions(), () -> new ZonkyDatabases(PG.server()));
        RunResult r = executor.run(plan().target(embedded("app", "rb_app_" + suffix)).target(embedded("audit", "rb_audit_" + suffix))
                .step("app-table", sqlStep("CREATE TABLE only_in_app (n int)")).and()
                .step("audit-count", sqlStep("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_app'"))
                .target("audit").expect("result == 0").and()
                .step("psql", Plans.argv("psql", "-XAtc", "SELECT count(*) FROM only_in_app", "${targets.app.url}"))
                .target(null).expect("stdout.trim() == '0'").build(), Runs.options(runDir, new Runs.RecordingProgress()));
        assertEquals(0, r.exitCode(), r.summary());
        PostgresServer.TestDb app = new PostgresServer.TestDb("rb_app_" + suffix, PG.server().getPort());
        assertEquals("only_in_app", app.one("SELECT tablename FROM pg_tables WHERE tablename = 'only_in_app'"));
    }
}
