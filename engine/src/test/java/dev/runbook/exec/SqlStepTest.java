package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SqlStepTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;
    PostgresServer.TestDb db;
    final Runs.RecordingProgress progress = new Runs.RecordingProgress();

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id int PRIMARY KEY, status text, ticket text)");
        db.exec("INSERT INTO orders VALUES (1, 'new', null), (2, 'new', null), (3, 'paid', null)");
    }

    private RunResult run(Plan plan) {
        return new Executor().run(plan, Runs.options(runDir, progress));
    }

    @Test
    void commitsStatementsAndCapturesAffectedRowsAndFinalSelect() {
        RunResult r = run(plan().db("app", db)
                .step("close", sqlStep("UPDATE orders SET status = 'closed' WHERE status = 'new';\n"
                        + "SELECT id, status FROM orders WHERE status = 'closed' ORDER BY id")).expect("affected == 2 && count == 2 && result == 1")
                .build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("2", db.one("SELECT count(*) FROM orders WHERE status = 'closed'"));
        JsonNode f = Runs.lastFinished(runDir, "step/close");
        assertEquals("ok", f.get("status").asText());
        assertEquals(2, f.get("captures").get("count").asInt());
        assertEquals(List.of("id", "status"), List.of(f.get("evidence").get("columns").get(0).asText(),
                f.get("evidence").get("columns").get(1).asText()));
        assertEquals("affected = 2, count = 2, result = 1", f.get("actual").asText());
    }

    @Test
    void bindsParamsBindExpressionsAndEarlierCaptures() {
        RunResult r = run(plan().db("app", db).param("ticket", "OPS-42")
                .step("count", sqlStep("SELECT count(*) AS n FROM orders WHERE status = 'new'")).and()
                .step("mark", new PlannedAction.Sql(Plans.sql(
                        "UPDATE orders SET ticket = :ticket || '/' || :suffix WHERE id <= :steps.count.result",
                        true, Map.of("suffix", "'n' + steps.count.result"), 2L, null), true)).and()
                .build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals(List.of("OPS-42/n2", "OPS-42/n2"), db.column("SELECT ticket FROM orders WHERE ticket IS NOT NULL"));
    }

    @Test
    void rollsBackTheWholeStepWhenALaterStatementFails() {
        RunResult r = run(plan().db("app", db)
                .step("half", sqlStep("DELETE FROM orders WHERE id = 1; INSERT INTO orders VALUES (2, 'dup', null)")).and()
                .build());
        assertEquals(1, r.exitCode());
        assertEquals("3", db.one("SELECT count(*) FROM orders"), "the DELETE must have been rolled back");
        JsonNode error = Runs.lastFinished(runDir, "step/half").get("error");
        assertEquals("23505", error.get("sql_state").asText());
        assertTrue(error.get("message").asText().contains("INSERT INTO orders VALUES (2, 'dup', null)"), error.toString());
    }

    @Test
    void reportsSyntaxErrorsWithStatementAndPosition() {
        RunResult r = run(plan().db("app", db)
                .step("typo", sqlStep("SELECT 1;\nUPDATE orders\n   SET status = 'x' WHER id = 1")).and()
                .build());
        assertEquals(1, r.exitCode());
        JsonNode error = Runs.lastFinished(runDir, "step/typo").get("error");
        assertEquals("42601", error.get("sql_state").asText());
        assertEquals(3, error.get("position").get("line").asInt(), error.toString());
        assertEquals(21, error.get("position").get("column").asInt(), error.toString());
        assertTrue(error.get("message").asText().startsWith("syntax error at or near \"WHER\" at line 3, column 21"),
                error.get("message").asText());
        assertTrue(r.summary().contains("in: UPDATE orders SET status = 'x' WHER id = 1"), r.summary());
    }

    @Test
    void refusesNonTransactionalStatementInsideATransactionBeforeRunningAnything() {
        RunResult r = run(plan().db("app", db)
                .step("idx", sqlStep("DELETE FROM orders; CREATE INDEX CONCURRENTLY orders_status ON orders (status)")).and()
                .build());
        assertEquals(1, r.exitCode());
        String reason = Runs.lastFinished(runDir, "step/idx").get("reason").asText();
        assertTrue(reason.contains("CREATE INDEX CONCURRENTLY") && reason.contains("transaction: false"), reason);
        assertEquals("3", db.one("SELECT count(*) FROM orders"));
    }

    @Test
    void runsOutsideATransactionWhenTheStepOptsOut() {
        RunResult r = run(plan().db("app", db)
                .step("idx", new PlannedAction.Sql(Plans.sql("CREATE INDEX CONCURRENTLY orders_status ON orders (status)",
                        false, Map.of(), null, null), true)).and()
                .build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("orders_status", db.one("SELECT indexname FROM pg_indexes WHERE indexname = 'orders_status'"));
    }

    @Test
    void failsAndRollsBackWhenRowsAffectedDifferFromExpected() {
        RunResult r = run(plan().db("app", db)
                .step("one", new PlannedAction.Sql(Plans.sql("UPDATE orders SET status = 'x'", true, Map.of(), 1L, null),
                        true)).and()
                .build());
        assertEquals(1, r.exitCode());
        assertEquals("expected 1 rows affected, got 3; the transaction was rolled back",
                Runs.lastFinished(runDir, "step/one").get("reason").asText());
        assertEquals("0", db.one("SELECT count(*) FROM orders WHERE status = 'x'"));
    }

    @Test
    void aStatementCancelledByAnotherSessionIsCancelledNotATimeout() throws Exception {
        Thread canceller = new Thread(() -> {
            try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                for (int i = 0; i < 100; i++) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
                            + " WHERE query = 'SELECT pg_sleep(20)' AND pid <> pg_backend_pid()")) {
                        if (rs.next() && rs.getBoolean(1)) return;
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        canceller.start();
        RunResult r = run(plan().db("app", db)
                .step("slow", new PlannedAction.Sql(Plans.sql("SELECT pg_sleep(20)", true, Map.of(), null,
                        Duration.ofSeconds(30)), false)).and()
                .build());
        canceller.join();
        assertEquals(1, r.exitCode());
        JsonNode f = Runs.lastFinished(runDir, "step/slow");
        assertEquals("57014", f.get("error").get("sql_state").asText());
        assertTrue(f.get("reason").asText().startsWith("cancelled: "), f.get("reason").asText());
    }

    @Test
    void statementTimeoutCancelsALongStatement() {
        long start = System.nanoTime();
        RunResult r = run(plan().db("app", db)
                .step("slow", new PlannedAction.Sql(Plans.sql("SELECT pg_sleep(5)", true, Map.of(), null,
                        Duration.ofMillis(300)), false)).and()
                .build());
        assertEquals(1, r.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000);
        JsonNode f = Runs.lastFinished(runDir, "step/slow");
        assertEquals("57014", f.get("error").get("sql_state").asText());
        assertTrue(f.get("reason").asText().startsWith("statement timeout: "), f.get("reason").asText());
    }

    @Test
    void stepTimeoutCancelsTheStatementAndRollsBack() {
        long start = System.nanoTime();
        RunResult r = run(plan().db("app", db)
                .step("slow", sqlStep("DELETE FROM orders; SELECT pg_sleep(5)")).timeout(Duration.ofMillis(400)).and()
                .build());
        assertEquals(1, r.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000);
        assertTrue(Runs.lastFinished(runDir, "step/slow").get("reason").asText().startsWith("step timed out"));
        assertEquals("3", db.one("SELECT count(*) FROM orders"));
    }

    @Test
    void aQueryWithNoRowsCapturesNullResultAndZeroCount() {
        RunResult r = run(plan().db("app", db)
                .step("none", sqlStep("SELECT id, status FROM orders WHERE false")).expect("count == 0 && result == null")
                .build());
        assertEquals(0, r.exitCode(), r.summary());
        JsonNode c = Runs.lastFinished(runDir, "step/none").get("captures");
        assertTrue(c.get("result").isNull());
        assertEquals(0, c.get("count").asInt());
    }

    @Test
    void verboseProgressShowsTheSql() {
        run(plan().db("app", db).step("q", sqlStep("SELECT 42")).build());
        assertTrue(progress.all().contains("  SELECT 42"), progress.all());
    }
}
