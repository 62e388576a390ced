package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.diag.Position;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.RetryPolicy;
import dev.runbook.model.RollbackScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plan's one-pass rollback lines say what the run's walk ({@link Compensation#select}) would do, step by step. */
class CompensationTest {
    private static final Position POS = Position.of("test");

    private static PlannedStep step(int i, Random r) {
        PlannedSql sql = new PlannedSql(POS, "INSERT INTO t VALUES (" + i + ")", null, true, Map.of(), null, null);
        PlannedAction action = new PlannedAction.Sql(sql, true);
        PlannedRollback rollback = r.nextInt(3) == 0 ? null : new PlannedRollback(action, "db", null, r.nextInt(5) == 0);
        Decision decision = r.nextInt(6) == 0 ? new Decision.Skip("when: false") : new Decision.Run();
        FailurePolicy policy = FailurePolicy.values()[r.nextInt(3)];
        RollbackScope scope = RollbackScope.values()[r.nextInt(3)];
        return new PlannedStep(i + 1, "s" + i, null, null, POS, action, "db", decision, null, null, policy,
                RetryPolicy.NONE, null, false, false, false, false, false, r.nextInt(4) != 0, rollback, "sha256:" + i,
                Map.of(), List.of(), null, null, null, scope, r.nextInt(7) == 0);
    }

    @Test
    void theOnePassLinesAgreeWithTheWalkForEveryStep() {
        Random r = new Random(16);
        for (int plan = 0; plan < 40; plan++) {
            List<PlannedStep> steps = new ArrayList<>();
            int n = 1 + r.nextInt(30);
            for (int i = 0; i < n; i++) steps.add(step(i, r));
            List<String> fast = Compensation.forPlan(steps);
            for (int i = 0; i < n; i++) assertEquals(Compensation.ifFails(steps, i), fast.get(i), "plan " + plan + " step " + i);
        }
    }

    @Test
    void aCheckpointKeepsItselfAndWhatCameBefore() {
        PlannedSql sql = new PlannedSql(POS, "INSERT INTO t VALUES (1)", null, true, Map.of(), null, null);
        PlannedAction a = new PlannedAction.Sql(sql, true);
        List<PlannedStep> steps = new ArrayList<>();
        String[] ids = {"restore", "verify", "index", "fail"};
        for (int i = 0; i < ids.length; i++) {
            steps.add(new PlannedStep(i + 1, ids[i], null, null, POS, a, "db", new Decision.Run(), null, null,
                    FailurePolicy.ROLLBACK, RetryPolicy.NONE, null, false, false, false, false, false, true,
                    new PlannedRollback(a, "db", null, false), "sha256:" + i, Map.of(), List.of(), null, null, null,
                    RollbackScope.CHECKPOINT, ids[i].equals("verify")));
        }
        Compensation.Selection sel = Compensation.select(steps.subList(0, 3), steps.get(3), RollbackScope.CHECKPOINT);
        assertEquals(List.of("index"), sel.undo().stream().map(PlannedStep::id).toList());
        assertEquals(List.of("restore", "verify"), sel.kept().stream().map(PlannedStep::id).toList());
        assertEquals("rollback_scope: checkpoint; its failure rolls back: index; keeps: restore, verify",
                Compensation.forPlan(steps).get(3));
    }
}
