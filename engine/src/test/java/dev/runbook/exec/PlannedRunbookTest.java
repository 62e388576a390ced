package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.TestRunbooks;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runbooks planned by the real planner: includes with their own params, captures of included steps, bind params. */
class PlannedRunbookTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void runsIncludedStepsWithTheirParamsAndPublishesTheirCaptures() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE items (id int, batch int, done boolean DEFAULT false);"
                + "INSERT INTO items (id, batch) VALUES (1, 7), (2, 7), (3, 8)");
        Files.createDirectories(dir.resolve("fragments"));
        Files.writeString(dir.resolve("fragments/precheck.yaml"), """
                params:
                  min_rows: { type: integer, required: true }
                steps:
                  - id: rows
                    sql: SELECT COUNT(*) FROM items WHERE id >= :min_rows
                """);
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: planned
                params:
                  batch: { type: integer, default: 7 }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: precheck
                    include: { file: fragments/precheck.yaml, params: { min_rows: "2" } }
                  - id: finish
                    when: steps.precheck.rows.result == 2
                    sql: UPDATE items SET done = true WHERE batch = :batch
                    expect: affected == 2
                    rollback: { sql: "UPDATE items SET done = false WHERE batch = :batch" }
                """);
        Plan plan = TestRunbooks.plan(dir.resolve("runbook.yaml"), new Invocation(null, Map.of(), Map.of(), null,
                Map.of("app", db.jdbcUrl() + "?user=postgres"), false, Set.of(), null, false, "tester", Map.of()));
        RunResult r = new Executor().run(plan, Runs.options(dir.resolve("run"), new Runs.RecordingProgress()));
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals(List.of("1", "2"), db.column("SELECT id FROM items WHERE done ORDER BY id"));
        assertEquals(2, Runs.lastFinished(dir.resolve("run"), "step/precheck.rows").get("captures").get("result").asInt());
    }
}
