package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.RetryPolicy;
import dev.runbook.plan.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FailurePolicyTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;
    PostgresServer.TestDb db;
    final Runs.RecordingProgress progress = new Runs.RecordingProgress();

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE t (name text PRIMARY KEY); CREATE TABLE undo_log (seq serial, name text)");
    }

    private RunResult run(Plan plan) {
        return new Executor().run(plan, Runs.options(runDir, progress));
    }

    /** Three steps that each insert a row and whose rollback deletes it and notes the order. */
    private Plans threeStepsThen(String failingSql, FailurePolicy policy) {
        Plans p = plan().db("app", db);
        for (String n : List.of("a", "b", "c")) {
            p.step(n, sqlStep("INSERT INTO t VALUES ('" + n + "')")).onFailure(policy)
                    .rollback(sqlStep("DELETE FROM t WHERE name = '" + n + "'; INSERT INTO undo_log (name) VALUES ('" + n + "')"));
        }
        p.step("bad", sqlStep(failingSql)).onFailure(policy);
        p.step("after", sqlStep("INSERT INTO t VALUES ('after')")).onFailure(policy);
        return p;
    }

    @Test
    void abortStopsAtTheFailedStepAndSkipsTheRest() {
        RunResult r = run(threeStepsThen("SELECT 1/0", FailurePolicy.ABORT).build());
        assertEquals(1, r.exitCode());
        assertEquals(RunOutcome.FAILED, r.outcome());
        assertEquals(List.of("a", "b", "c"), db.column("SELECT name FROM t ORDER BY name"));
        assertEquals("not run: step bad failed (on_failure: abort)", Runs.skipped(runDir, "step/after").get("reason").asText());
        assertEquals("failed", Runs.runFinished(runDir).get("outcome").asText());
        assertTrue(Runs.runFinished(runDir).get("target_state").asText().startsWith("partly changed: completed: a, b, c"));
    }

    @Test
    void continueRecordsTheFailureAndGoesOn() {
        RunResult r = run(threeStepsThen("SELECT 1/0", FailurePolicy.CONTINUE).build());
        assertEquals(1, r.exitCode(), "a run with a failed step is a failed run even when it went on");
        assertEquals(List.of("a", "after", "b", "c"), db.column("SELECT name FROM t ORDER BY name"));
        assertEquals("failed", Runs.lastFinished(runDir, "step/bad").get("status").asText());
        assertTrue(r.summary().startsWith("steps failed (on_failure: continue): bad"), r.summary());
    }

    @Test
    void rollsBackCompletedStepsInReverseOrder() {
        RunResult r = run(threeStepsThen("SELECT 1/0", FailurePolicy.ROLLBACK).build());
        assertEquals(1, r.exitCode());
        assertEquals(RunOutcome.ROLLED_BACK, r.outcome());
        assertEquals(List.of(), db.column("SELECT name FROM t"), "every completed step was compensated");
        assertEquals(List.of("c", "b", "a"), db.column("SELECT name FROM undo_log ORDER BY seq"));
        List<String> keys = Runs.startedKeys(runDir);
        assertEquals(List.of("step/a", "step/b", "step/c", "step/bad", "rollback/c", "rollback/b", "rollback/a"), keys);
        JsonNode started = Runs.events(runDir).stream().filter(e -> e.get("type").asText().equals("rollback.started"))
                .findFirst().orElseThrow();
        assertEquals("[\"rollback/c\",\"rollback/b\",\"rollback/a\"]", started.get("keys").toString());
        assertEquals("rolled_back", Runs.runFinished(runDir).get("outcome").asText());
        assertTrue(Runs.runFinished(runDir).get("target_state").asText().startsWith("restored: rolled back:"));
    }

    @Test
    void theFailedStepsOwnTransactionIsUndoneByTheDatabaseAndItsRollbackRunsWhenAskedAfterFailure() {
        RunResult r = run(plan().db("app", db)
                .step("a", sqlStep("INSERT INTO t VALUES ('a')")).onFailure(FailurePolicy.ROLLBACK)
                .rollback(sqlStep("DELETE FROM t WHERE name = 'a'; INSERT INTO undo_log (name) VALUES ('a')")).and()
                .step("half", sqlStep("INSERT INTO t VALUES ('half'); SELECT 1/0")).onFailure(FailurePolicy.ROLLBACK)
                .rollbackAfterFailure(sqlStep("INSERT INTO undo_log (name) VALUES ('half')")).build());
        assertEquals(RunOutcome.ROLLED_BACK, r.outcome());
        assertEquals(List.of(), db.column("SELECT name FROM t"));
        assertEquals(List.of("half", "a"), db.column("SELECT name FROM undo_log ORDER BY seq"));
    }

    @Test
    void aFailingRollbackStopsCompensationAndExitsFourNamingWhatRemains() {
        Plans p = plan().db("app", db);
        p.step("a", sqlStep("INSERT INTO t VALUES ('a')")).onFailure(FailurePolicy.ROLLBACK)
                .rollback(sqlStep("DELETE FROM t WHERE name = 'a'"));
        p.step("b", sqlStep("INSERT INTO t VALUES ('b')")).onFailure(FailurePolicy.ROLLBACK)
                .rollback(sqlStep("DELETE FROM no_such_table WHERE name = 'b'"));
        p.step("c", sqlStep("INSERT INTO t VALUES ('c')")).onFailure(FailurePolicy.ROLLBACK)
                .rollback(sqlStep("DELETE FROM t WHERE name = 'c'"));
        p.step("bad", sqlStep("SELECT 1/0")).onFailure(FailurePolicy.ROLLBACK);
        RunResult r = run(p.build());
        assertEquals(4, r.exitCode());
        assertEquals(RunOutcome.ROLLBACK_FAILED, r.outcome());
        assertEquals(List.of("a", "b"), db.column("SELECT name FROM t ORDER BY name"), "c undone, then b failed, a untouched");
        JsonNode finished = Runs.events(runDir).stream().filter(e -> e.get("type").asText().equals("rollback.finished"))
                .findFirst().orElseThrow();
        assertEquals("failed", finished.get("status").asText());
        assertEquals("[\"rollback/b\",\"rollback/a\"]", finished.get("remaining").toString());
        String manual = finished.get("manual_action").asText();
        assertTrue(manual.startsWith("ROLLBACK FAILED - MANUAL ACTION NEEDED"), manual);
        assertTrue(manual.contains("rollback of 'b': DELETE FROM no_such_table") && manual.contains("rollback of 'a': DELETE FROM t"),
                manual);
        assertEquals("not run: rollback of b failed", Runs.skipped(runDir, "rollback/a").get("reason").asText());
        assertTrue(progress.all().contains("error: ROLLBACK FAILED"), progress.all());
        assertEquals(4, Runs.runFinished(runDir).get("exit_code").asInt());
    }

    @Test
    void retriesOnlyTheListedFailureClassesWithDelay() {
        db.exec("CREATE TABLE attempts (n int)");
        long start = System.nanoTime();
        RunResult r = run(plan().db("app", db)
                .step("flaky", sqlStep("INSERT INTO attempts VALUES (1); SELECT count(*) FROM attempts"))
                .expect("result >= 3").retry(Plans.retry(5, Duration.ofMillis(100))).build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("3", db.one("SELECT count(*) FROM attempts"));
        assertEquals(3, Runs.finished(runDir, "step/flaky").size());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 200);
        assertTrue(progress.all().contains("attempt 2 of 5"), progress.all());
    }

    @Test
    void doesNotRetryFailuresOutsideTheRetryClasses() {
        RunResult r = run(plan().db("app", db)
                .step("broken", sqlStep("SELECT 1/0")).retry(Plans.retry(3, Duration.ZERO, RetryPolicy.RetryOn.TIMEOUT))
                .build());
        assertEquals(1, r.exitCode());
        assertEquals(1, Runs.finished(runDir, "step/broken").size());
    }

    @Test
    void runTimeConditionsSkipStepsWithTheReasonAndCapturesFeedLaterSteps() {
        RunResult r = run(plan().db("app", db)
                .step("count", sqlStep("SELECT count(*) FROM t")).and()
                .step("seed", sqlStep("INSERT INTO t VALUES ('seeded')")).when("steps.count.result == 0").and()
                .step("never", sqlStep("INSERT INTO t VALUES ('never')")).when("steps.count.result > 0").and()
                .step("planned-skip", sqlStep("INSERT INTO t VALUES ('x')")).skip("when: params.x is false").build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals(List.of("seeded"), db.column("SELECT name FROM t"));
        assertEquals("when: steps.count.result > 0 is false", Runs.skipped(runDir, "step/never").get("reason").asText());
        assertEquals("when: params.x is false", Runs.skipped(runDir, "step/planned-skip").get("reason").asText());
    }

    @Test
    void aRunTimeoutStopsTheRunAndFails() {
        RunResult r = run(plan().db("app", db).runTimeout(Duration.ofMillis(500))
                .step("slow", sqlStep("INSERT INTO t VALUES ('slow'); SELECT pg_sleep(10)")).and()
                .step("next", sqlStep("INSERT INTO t VALUES ('next')")).build());
        assertEquals(1, r.exitCode());
        assertEquals(RunOutcome.FAILED, r.outcome());
        assertEquals(List.of(), db.column("SELECT name FROM t"));
        assertTrue(r.summary().contains("run timeout"), r.summary());
    }
}
