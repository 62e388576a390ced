package dev.runbook.exec;

import static dev.runbook.exec.Plans.check;
import static dev.runbook.exec.Plans.checks;
import static dev.runbook.exec.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.plan.Plan;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AssertStepTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;
    PostgresServer.TestDb db;

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE users (id int, default_workspace_id int); INSERT INTO users VALUES (1, 10), (2, null), (3, null)");
    }

    private RunResult run(Plan plan) {
        return new Executor().run(plan, Runs.options(runDir, new Runs.RecordingProgress()));
    }

    @Test
    void evaluatesEveryCheckAndRecordsExpectedVersusActual() {
        RunResult r = run(plan().db("app", db).step("consistent", checks(
                check("users without default workspace", "SELECT COUNT(*) FROM users WHERE default_workspace_id IS NULL", "result == 0"),
                check("users exist", "SELECT id, default_workspace_id FROM users ORDER BY id", "count == 3 && result == 1"),
                check("broken", "SELECT nope FROM users", "count == 0"))).build());
        assertEquals(1, r.exitCode());
        JsonNode first = Runs.lastFinished(runDir, "step/consistent/check/1");
        assertEquals("failed", first.get("status").asText());
        assertEquals("result == 0", first.get("expected").asText());
        assertEquals("result = 2", first.get("actual").asText());
        JsonNode second = Runs.lastFinished(runDir, "step/consistent/check/2");
        assertEquals("ok", second.get("status").asText(), "several columns are fine; result is the first");
        assertEquals("count = 3, result = 1", second.get("actual").asText());
        JsonNode third = Runs.lastFinished(runDir, "step/consistent/check/3");
        assertEquals("42703", third.get("error").get("sql_state").asText());
        String reason = Runs.lastFinished(runDir, "step/consistent").get("reason").asText();
        assertTrue(reason.startsWith("2 of 3 checks failed: users without default workspace: expected result == 0, got result = 2"),
                reason);
    }

    @Test
    void aCheckReturningNoRowsHasNullResultAndZeroCount() {
        RunResult r = run(plan().db("app", db).step("none", checks(
                check("ghost", "SELECT id FROM users WHERE id = 99", "result > 5"))).build());
        assertEquals(1, r.exitCode());
        JsonNode f = Runs.lastFinished(runDir, "step/none/check/1");
        assertEquals("result = null", f.get("actual").asText());
        assertTrue(f.get("reason").asText().contains("the query returned no rows, so result is null"), f.get("reason").asText());
    }

    @Test
    void checksNeverChangeTheTarget() {
        RunResult r = run(plan().db("app", db).step("sneaky", checks(
                check("deletes", "DELETE FROM users RETURNING id", "count == 3"))).build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("3", db.one("SELECT count(*) FROM users"));
    }

    @Test
    void theTargetJournalKeepsEveryChecksOutcomeOncePerCheckAcrossRetries() {
        // nextval is not rolled back with the check's transaction: the second check fails once, then holds.
        db.exec("CREATE SEQUENCE attempts");
        RunResult r = run(plan().db("app", db).step("consistent", checks(
                check("users exist", "SELECT count(*) FROM users", "result == 3"),
                check("second attempt", "SELECT nextval('attempts')", "result >= 2")))
                .retry(Plans.retry(2, java.time.Duration.ofMillis(10))).build());
        assertEquals(0, r.exitCode(), r.summary());
        String run = "run_id = (SELECT run_id FROM runbook.history WHERE item_key = 'run')";
        assertEquals("step/consistent/check/1 succeeded;step/consistent/check/2 succeeded",
                db.one("SELECT string_agg(item_key || ' ' || status, ';' ORDER BY item_key) FROM runbook.history WHERE "
                        + run + " AND item_key LIKE 'step/consistent/check/%'"), "one row per check, its last outcome");
        assertEquals("0", db.one("SELECT count(*) FROM runbook.history WHERE " + run
                + " AND item_key LIKE '%/check/%' AND (ended_at IS NULL OR started_at > ended_at OR evidence_digest IS NULL)"));
        assertEquals("succeeded", db.one("SELECT status FROM runbook.history WHERE " + run + " AND item_key = 'step/consistent'"));
        assertEquals("failed", Runs.events(runDir).stream()
                .filter(e -> e.get("type").asText().equals("item.finished") && e.get("key").asText().endsWith("/check/2"))
                .findFirst().orElseThrow().get("status").asText(), "the first attempt's failure is in the event log");
    }
}
