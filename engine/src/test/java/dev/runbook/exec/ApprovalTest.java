package dev.runbook.exec;

import static dev.runbook.exec.Plans.approval;
import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ApprovalTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;
    PostgresServer.TestDb db;
    final Runs.RecordingProgress progress = new Runs.RecordingProgress();

    @BeforeEach
    void database() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE t (n int)");
    }

    private Plan gated() {
        return plan().db("app", db)
                .step("first", sqlStep("INSERT INTO t VALUES (1)")).and()
                .step("go-live", approval("switch traffic to the new schema?")).target(null).and()
                .step("switch", sqlStep("INSERT INTO t VALUES (2)")).and()
                .step("drop-old", approval(null)).target(null).build();
    }

    @Test
    void aNonInteractiveRunWaitsAtTheFirstApprovalNobodyGaveKeepingWhatItDid() {
        RunResult r = new Executor().run(gated(), Runs.options(runDir, progress).withApprovals(Set.of("go-live"), null));
        assertEquals(6, r.exitCode(), r.summary());
        assertEquals("2", db.one("SELECT count(*) FROM t"), "first and switch ran, nothing was rolled back");
        assertTrue(r.summary().contains("waiting for approval of step drop-old"), r.summary());
        assertTrue(r.summary().contains("runbook approve " + r.runId() + " drop-old --reason TEXT"), r.summary());
        assertEquals("awaiting_approval", Runs.runFinished(runDir).get("outcome").asText());
        assertTrue(Runs.skipped(runDir, "step/drop-old").get("reason").asText().startsWith("waiting for approval"));
    }

    @Test
    void approvalsOnTheCommandLineAreRecordedWithOperatorAndReason() {
        RunResult r = new Executor().run(gated(), Runs.options(runDir, progress).withOperator("maria")
                .withApprovals(Set.of("all"), "CAB-7 approved in the change meeting"));
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("2", db.one("SELECT count(*) FROM t"));
        JsonNode c = Runs.lastFinished(runDir, "step/go-live").get("captures");
        assertEquals("maria", c.get("by").asText());
        assertEquals("--approve", c.get("via").asText());
        assertEquals("CAB-7 approved in the change meeting", c.get("reason").asText());
    }

    @Test
    void approveAllWithoutAReasonIsRefused() {
        RunResult r = new Executor().run(gated(), Runs.options(runDir, progress).withApprovals(Set.of("all"), null));
        assertEquals(2, r.exitCode());
        assertTrue(r.summary().contains("--approve all needs --reason"), r.summary());
    }

    @Test
    void anInteractiveOperatorIsAskedAndADeclineStopsTheRun() {
        List<String> asked = new ArrayList<>();
        ApprovalPrompter prompter = (id, prompt, following) -> {
            asked.add(id + ": " + prompt + " then " + following);
            return false;
        };
        RunResult r = new Executor().run(gated(), Runs.options(runDir, progress).withConsole(prompter, progress, false));
        assertEquals(1, r.exitCode());
        assertEquals("1", db.one("SELECT count(*) FROM t"));
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).startsWith("go-live: switch traffic to the new schema? then [switch (sql): INSERT INTO t VALUES (2)"),
                asked.get(0));
        assertTrue(Runs.lastFinished(runDir, "step/go-live").get("reason").asText().startsWith("not approved: "));
    }
}
