package dev.runbook.exec;

import static dev.runbook.exec.Plans.check;
import static dev.runbook.exec.Plans.checks;
import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.Precondition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's events.jsonl follows reports/EVENTS.md (format 1), whatever the run did. */
class EventLogContractTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    static final Set<String> FINISHED_FIELDS = Set.of("v", "seq", "ts", "type", "key", "attempt", "status", "reason",
            "duration_ms", "expected", "actual", "affected", "evidence", "output", "error", "captures");

    @TempDir
    Path runDir;

    @Test
    void refusesARunFolderThatAlreadyHoldsARun() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        dev.runbook.plan.Plan p = plan().db("app", db).step("q", sqlStep("SELECT 1")).build();
        assertEquals(0, new Executor().run(p, Runs.options(runDir, new Runs.RecordingProgress())).exitCode());
        String before = java.nio.file.Files.readString(runDir.resolve("events.jsonl"));
        RunResult again = new Executor().run(p, Runs.options(runDir, new Runs.RecordingProgress()));
        assertEquals(2, again.exitCode());
        assertTrue(again.summary().endsWith("already holds a run's events.jsonl; choose another --out"), again.summary());
        assertEquals(before, java.nio.file.Files.readString(runDir.resolve("events.jsonl")));
    }

    @Test
    void everyEventHasTheContractFieldsInOrder() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (n int)");
        RunResult r = new Executor().run(plan().db("app", db).param("ticket", "OPS-9")
                .sqlPrecondition("answers", "app", "SELECT 1", "result == 1", Precondition.OnFail.HALT)
                .step("insert", sqlStep("INSERT INTO t VALUES (1)")).onFailure(FailurePolicy.ROLLBACK)
                .rollback(sqlStep("DELETE FROM t")).and()
                .step("skipped", sqlStep("SELECT 1")).when("params.ticket == 'nope'").and()
                .step("verify", checks(check("one row", "SELECT count(*) FROM t", "result == 2")))
                .onFailure(FailurePolicy.ROLLBACK).and()
                .step("never", sqlStep("SELECT 1")).build(), Runs.options(runDir, new Runs.RecordingProgress()));
        assertEquals(RunOutcome.ROLLED_BACK, r.outcome());
        List<JsonNode> events = Runs.events(runDir);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertEquals(1, e.get("v").asInt());
            assertEquals(i + 1, e.get("seq").asInt());
            Instant.parse(e.get("ts").asText());
        }
        JsonNode started = events.get(0);
        assertEquals("run.started", started.get("type").asText());
        JsonNode run = started.get("run");
        for (String f : List.of("id", "mode", "resumes", "runbook", "files", "ticket", "environment", "operator", "host",
                "tool_version", "plan_hash", "approved_plan", "rehearsal_id", "targets", "params", "policies", "item_count")) {
            assertTrue(run.has(f), "run.started lacks " + f);
        }
        assertEquals(5, run.get("item_count").asInt());
        Set<String> open = new HashSet<>();
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            if (type.equals("item.started")) {
                JsonNode item = e.get("item");
                for (String f : List.of("key", "kind", "name", "step_kind", "target", "index", "parent", "text", "attempt")) {
                    assertTrue(item.has(f), "item.started lacks " + f);
                }
                assertTrue(open.add(item.get("key").asText() + "#" + item.get("attempt").asInt()));
            } else if (type.equals("item.finished")) {
                Set<String> fields = new HashSet<>();
                e.fieldNames().forEachRemaining(fields::add);
                assertEquals(FINISHED_FIELDS, fields);
                assertTrue(open.remove(e.get("key").asText() + "#" + e.get("attempt").asInt()), "finished without start");
            }
        }
        assertEquals(Set.of(), open, "every started item finished");
        assertEquals("step/verify/check/1", Runs.lastFinished(runDir, "step/verify/check/1").get("key").asText());
        assertEquals("step/verify", Runs.events(runDir).stream().filter(e -> e.get("type").asText().equals("item.started")
                && e.get("item").get("key").asText().equals("step/verify/check/1")).findFirst().orElseThrow()
                .get("item").get("parent").asText());
        assertEquals("when: params.ticket == 'nope' is false", Runs.skipped(runDir, "step/skipped").get("reason").asText());
        assertEquals(List.of("rollback.started", "log", "item.started", "item.finished", "rollback.finished", "run.finished"),
                Runs.types(runDir).subList(events.size() - 6, events.size()));
        JsonNode finished = Runs.runFinished(runDir);
        assertEquals(1, finished.get("exit_code").asInt());
        assertTrue(finished.get("duration_ms").asLong() >= 0);
        FailedRunReportsTest.assertEventsMatchTheSchema(runDir);
    }
}
