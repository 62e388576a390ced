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
                if (st.changesTarget()) sink.kept(st);
            } else if (st.rollback() != null) {
                sink.undo(st);
            } else if (st.changesTarget()) {
                sink.without(st);
            }
        }
    }

    /**
     * For the plan: what the failure of {@code steps.get(index)} would compensate if every earlier step that is not
     * skipped had completed, in one line (long lists cut, with their count); null when its policy is not rollback.
     * The walk itself, per step: {@link #forPlan} gives the same lines for a whole plan in one pass.
     */
    static String ifFails(List<PlannedStep> steps, int index) {
        PlannedStep step = steps.get(index);
        if (step.onFailure() != FailurePolicy.ROLLBACK) return null;
        Names undo = new Names();
        Names kept = new Names();
        Names without = new Names();
        walk(steps, index, step, step.rollbackScope(), new Sink() {
            public void undo(PlannedStep st) { undo.addOlder(st.id()); }
            public void without(PlannedStep st) { without.addOlder(st.id()); }
            public void kept(PlannedStep st) { kept.addOlder(st.id()); }
        });
        return line(step, undo, kept, without);
    }

    /**
     * {@link #ifFails} for every step of a plan, in one pass (a 10,000-step plan would take a walk per step):
     * running tallies since the start and since the latest checkpoint stand for the walk's three answers.
     */
    public static List<String> forPlan(List<PlannedStep> steps) {
        List<String> out = new ArrayList<>(steps.size());
        Names undoAll = new Names();
        Names withoutAll = new Names();
        Names mutatingAll = new Names();
        Names undoSince = new Names();
        Names withoutSince = new Names();
        Names keptAtCheckpoint = new Names();
        for (PlannedStep step : steps) {
            if (step.onFailure() != FailurePolicy.ROLLBACK) {
                out.add(null);
            } else {
                Names own = new Names();
                if (step.rollback() != null && step.rollback().afterFailure()) own.add(step.id());
                out.add(switch (step.rollbackScope()) {
                    case STEP -> line(step, own, mutatingAll, new Names());
                    case CHECKPOINT -> line(step, own.then(undoSince), keptAtCheckpoint, withoutSince);
                    case ALL -> line(step, own.then(undoAll), new Names(), withoutAll);
                });
            }
            if (step.decision() instanceof Decision.Skip) continue;
            if (step.changesTarget()) mutatingAll.add(step.id());
            if (step.rollback() != null) undoAll.add(step.id());
            else if (step.changesTarget()) withoutAll.add(step.id());
            if (step.checkpoint()) {
                // Walking back from a later failure, this is where scope checkpoint stops: it and all before stay.
                keptAtCheckpoint = mutatingAll.copy();
                undoSince = new Names();
                withoutSince = new Names();
            } else if (step.rollback() != null) {
                undoSince.add(step.id());
            } else if (step.changesTarget()) {
                withoutSince.add(step.id());
            }
        }
        return out;
    }

    private static String line(PlannedStep step, Names undo, Names kept, Names without) {
        StringBuilder b = new StringBuilder("rollback_scope: ").append(step.rollbackScope().word())
                .append("; its failure rolls back: ").append(undo.count == 0 ? "nothing" : undo.newestFirst());
        if (kept.count > 0) b.append("; keeps: ").append(kept.inPlanOrder());
        if (without.count > 0) b.append("; no rollback: ").append(without.newestFirst());
        return b.toString();
    }

    /** A list of ids, added oldest first, of which the newest few are kept: a 10,000-step plan stays linear. */
    private static final class Names {
        private static final int SHOWN = 8;
        private final java.util.ArrayDeque<String> newest = new java.util.ArrayDeque<>();
        private int count;

        void add(String id) {
            count++;
            newest.addFirst(id);
            if (newest.size() > SHOWN) newest.removeLast();
        }

        /** For a walk, which meets the newest first. */
        void addOlder(String id) {
            count++;
            if (newest.size() < SHOWN) newest.addLast(id);
        }

        Names copy() {
            Names c = new Names();
            c.newest.addAll(newest);
            c.count = count;
            return c;
        }

        /** These (the failed step's own rollback) first, then {@code older}'s, as compensation runs. */
        Names then(Names older) {
            Names c = copy();
            for (java.util.Iterator<String> it = older.newest.iterator(); it.hasNext(); ) c.newest.addLast(it.next());
            while (c.newest.size() > SHOWN) c.newest.removeLast();
            c.count += older.count;
            return c;
        }

        String newestFirst() {
            return String.join(", ", newest) + (count > newest.size() ? " and " + (count - newest.size()) + " more" : "");
        }

        /** The newest few oldest first, after how many came before them. */
        String inPlanOrder() {
            List<String> shown = new ArrayList<>(newest);
            Collections.reverse(shown);
            return (count > shown.size() ? (count - shown.size()) + " earlier and " : "") + String.join(", ", shown);
        }
    }
}
