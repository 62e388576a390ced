package dev.runbook.plan;

import dev.runbook.model.FailurePolicy;
import dev.runbook.model.RollbackScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which completed steps a failure compensates and which it keeps: the one rule the plan shows and the run follows.
 * The failed step's own rollback runs first when it says {@code after_failure: true}; then, newest first, the completed
 * steps its {@link RollbackScope} reaches: none ({@code step}), those after the latest completed checkpoint
 * ({@code checkpoint}, every one when there is none), or every one ({@code all}).
 */
public final class Compensation {
    private Compensation() {}

    /**
     * @param undo            steps whose rollback runs, in the order it runs
     * @param withoutRollback mutating steps in scope that have no rollback (they keep their changes), newest first
     * @param kept            mutating completed steps the scope leaves as they are, in plan order
     */
    public record Selection(List<PlannedStep> undo, List<PlannedStep> withoutRollback, List<PlannedStep> kept) {
        public Selection {
            undo = List.copyOf(undo);
            withoutRollback = List.copyOf(withoutRollback);
            kept = List.copyOf(kept);
        }
    }

    /**
     * @param completed steps completed so far, in plan order
     * @param failed    the step that failed, or null when the run was stopped between steps
     * @param scope     the scope of the failed step (or of the step the run stopped before)
     */
    public static Selection select(List<PlannedStep> completed, PlannedStep failed, RollbackScope scope) {
        List<PlannedStep> undo = new ArrayList<>();
        List<PlannedStep> without = new ArrayList<>();
        List<PlannedStep> kept = new ArrayList<>();
        walk(completed, completed.size(), failed, scope, new Sink() {
            public void undo(PlannedStep st) { undo.add(st); }
            public void without(PlannedStep st) { without.add(st); }
            public void kept(PlannedStep st) { kept.add(st); }
        });
        Collections.reverse(kept);
        return new Selection(undo, without, kept);
    }

    /** Where {@link #walk} puts each step it meets, newest first. */
    private interface Sink {
        void undo(PlannedStep st);
        void without(PlannedStep st);
        void kept(PlannedStep st);
    }

    /** The rule itself, over {@code steps[0, end)} newest first, skipping steps the plan skips. */
    private static void walk(List<PlannedStep> steps, int end, PlannedStep failed, RollbackScope scope, Sink sink) {
        if (failed != null && failed.rollback() != null && failed.rollback().afterFailure()) sink.undo(failed);
        boolean reached = scope != RollbackScope.STEP;
        for (int i = end - 1; i >= 0; i--) {
            PlannedStep st = steps.get(i);
            if (st.decision() instanceof Decision.Skip) continue;
            if (reached && scope == RollbackScope.CHECKPOINT && st.checkpoint()) reached = false;
            if (!reached) {
                if (st.mutating()) sink.kept(st);
            } else if (st.rollback() != null) {
                sink.undo(st);
            } else if (st.mutating()) {
                sink.without(st);
            }
        }
    }

    /**
     * For the plan: what the failure of {@code steps.get(index)} would compensate if every earlier step that is not
     * skipped had completed, in one line (long lists cut, with their count); null when its policy is not rollback.
     */
    public static String ifFails(List<PlannedStep> steps, int index) {
        PlannedStep step = steps.get(index);
        if (step.onFailure() != FailurePolicy.ROLLBACK) return null;
        Names undo = new Names();
        Names kept = new Names();
        Names without = new Names();
        walk(steps, index, step, step.rollbackScope(), new Sink() {
            public void undo(PlannedStep st) { undo.add(st.id()); }
            public void without(PlannedStep st) { without.add(st.id()); }
            public void kept(PlannedStep st) { kept.add(st.id()); }
        });
        StringBuilder b = new StringBuilder("rollback_scope: ").append(step.rollbackScope().word())
                .append("; its failure rolls back: ").append(undo.count == 0 ? "nothing" : undo.text());
        if (kept.count > 0) b.append("; keeps: ").append(kept.inPlanOrder());
        if (without.count > 0) b.append("; no rollback: ").append(without.text());
        return b.toString();
    }

    /** A list of ids cut after a few, so a 10,000-step plan stays linear to print. */
    private static final class Names {
        private static final int SHOWN = 8;
        private final List<String> first = new ArrayList<>();
        private int count;

        void add(String id) {
            if (count++ < SHOWN) first.add(id);
        }

        String text() {
            return String.join(", ", first) + (count > SHOWN ? " and " + (count - SHOWN) + " more" : "");
        }

        /** Collected newest first, shown oldest first: the newest few and how many came before them. */
        String inPlanOrder() {
            List<String> shown = new ArrayList<>(first);
            Collections.reverse(shown);
            return (count > SHOWN ? (count - SHOWN) + " earlier and " : "") + String.join(", ", shown);
        }
    }
}
