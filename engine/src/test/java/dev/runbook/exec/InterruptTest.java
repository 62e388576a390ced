package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.model.FailurePolicy;
import dev.runbook.plan.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InterruptTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;
    PostgresServer.TestDb db;

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE t (name text)");
    }

    private Plan sleepy(FailurePolicy policy) {
        return plan().db("app", db)
                .step("a", sqlStep("INSERT INTO t VALUES ('a')")).onFailure(policy)
                .rollback(sqlStep("DELETE FROM t WHERE name = 'a'")).and()
                .step("sleep", sqlStep("INSERT INTO t VALUES ('sleep'); SELECT pg_sleep(30)")).onFailure(policy).and()
                .step("after", sqlStep("INSERT INTO t VALUES ('after')")).onFailure(policy).build();
    }

    private void awaitSleeping() throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            if (!db.column("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()"
                    + " AND state = 'active'").isEmpty()) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the step never started sleeping");
    }

    @Test
    void stopCancelsTheRunningStatementAndAppliesTheRollbackPolicy() throws Exception {
        Executor executor = new Executor();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() ->
                executor.run(sleepy(FailurePolicy.ROLLBACK), Runs.options(runDir, new Runs.RecordingProgress())));
        awaitSleeping();
        long stopAt = System.nanoTime();
        executor.stop("SIGTERM");
        RunResult r = run.get(20, TimeUnit.SECONDS);
        assertTrue(Duration.ofNanos(System.nanoTime() - stopAt).toMillis() < 5_000);
        assertEquals(1, r.exitCode());
        assertEquals(RunOutcome.INTERRUPTED, r.outcome());
        assertEquals(List.of(), db.column("SELECT name FROM t"), "the sleeping step's transaction and step a were undone");
        assertEquals("interrupted", Runs.lastFinished(runDir, "step/sleep").get("status").asText());
        assertEquals("ok", Runs.lastFinished(runDir, "rollback/a").get("status").asText());
        assertEquals("interrupted", Runs.runFinished(runDir).get("outcome").asText());
        assertEquals("not run: the run was stopped (SIGTERM)", Runs.skipped(runDir, "step/after").get("reason").asText());
    }

    @Test
    void interruptingTheRunThreadStopsItCleanlyUnderAbort() throws Exception {
        Executor executor = new Executor();
        Thread[] runner = new Thread[1];
        CompletableFuture<RunResult> run = new CompletableFuture<>();
        runner[0] = new Thread(() -> run.complete(executor.run(sleepy(FailurePolicy.ABORT),
                Runs.options(runDir, new Runs.RecordingProgress()))));
        runner[0].start();
        awaitSleeping();
        runner[0].interrupt();
        RunResult r = run.get(20, TimeUnit.SECONDS);
        assertEquals(1, r.exitCode());
        assertEquals(RunOutcome.INTERRUPTED, r.outcome());
        assertEquals(List.of("a"), db.column("SELECT name FROM t"), "abort keeps completed steps; the sleeping one rolled back");
        assertEquals("run.finished", Runs.types(runDir).get(Runs.types(runDir).size() - 1));
        assertTrue(db.column("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active'"
                + " AND pid <> pg_backend_pid()").isEmpty(), "the statement was cancelled on the server");
    }
}
