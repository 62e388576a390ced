package dev.runbook.journal;

import dev.runbook.plan.Compensation;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an earlier run may be resumed with a freshly made plan, and from where: the steps it completed
 * are skipped, the failed or interrupted one is retried, the rest follow. A resume is refused when the
 * runbook, a file it reads, a parameter, the environment or the targets changed (the plan hash differs),
 * and when there is nothing sound to resume (the run succeeded or was rolled back).
 * Preconditions are always evaluated again. Whether the earlier run is still alive is for the run lock to say.
 */
public sealed interface ResumeDecision permits ResumeDecision.Resume, ResumeDecision.FinishRollback,
        ResumeDecision.Refused {

    /** Resume: {@code completed} step keys to skip (journaled as skipped, "completed by run ..."), then run {@code remaining}. */
    record Resume(String runId, List<String> completed, Optional<String> retry, List<String> remaining)
            implements ResumeDecision {}

    /**
     * The run was cut off while compensating: only the rollbacks of {@code toCompensate} (steps it completed and
     * no rollback undid yet, in plan order) are left to run, in reverse order. No step runs again.
     */
    record FinishRollback(String runId, List<String> toCompensate) implements ResumeDecision {}

    /** Not resumable, and why, in one sentence that tells what to do instead. */
    record Refused(String reason) implements ResumeDecision {}

    public static ResumeDecision decide(RunState state, Plan plan) {
        return decide(state, plan, Set.of(), Set.of());
    }

    /**
     * @param rerun ids of steps the operator says to run again although the run died while they ran ({@code --rerun})
     * @param skip  ids of such steps the operator says took effect, so they count as completed ({@code --skip})
     */
    public static ResumeDecision decide(RunState state, Plan plan, Set<String> rerun, Set<String> skip) {
        String run = "run " + state.runId();
        if (!plan.runbookId().equals(state.runbookId())) {
            return new Refused(run + " is of runbook '" + state.runbookId() + "', not '" + plan.runbookId() + "'");
        }
        if (state.status() == JournalStatus.SUCCEEDED) return new Refused("nothing to resume: " + run + " succeeded");
        if (state.status() == JournalStatus.RESUMED) return alreadyResumed(run, state.detail());
        if (state.status() == JournalStatus.ROLLING_BACK) {
            if (state.planHash() != null && !state.planHash().equals(plan.hash())) return new Refused(changes(state, plan));
            Set<String> undone = new java.util.HashSet<>();
            state.rolledBack().forEach(i -> undone.add(i.key()));
            // Only what the interrupted compensation set out to undo: its failed step's rollback_scope, one rule.
            List<PlannedStep> completed = new ArrayList<>();
            PlannedStep failed = null;
            for (PlannedStep s : plan.steps()) {
                String key = JournalRun.stepKey(s.id());
                if (state.completedKeys().contains(key)) completed.add(s);
                else if (failed == null && state.item(key).map(i -> i.status() == JournalStatus.FAILED
                        || i.status() == JournalStatus.INTERRUPTED).orElse(false)) failed = s;
            }
            dev.runbook.model.RollbackScope scope = failed != null ? failed.rollbackScope()
                    : dev.runbook.model.RollbackScope.CHECKPOINT;
            Compensation.Selection sel = Compensation.select(completed, failed, scope);
            Set<PlannedStep> inScope = new java.util.HashSet<>(sel.undo());
            inScope.addAll(sel.withoutRollback());
            List<String> left = new ArrayList<>();
            for (PlannedStep s : completed) {
                String key = JournalRun.stepKey(s.id());
                if (inScope.contains(s) && !undone.contains(key)) left.add(key);
            }
            return new FinishRollback(state.runId(), List.copyOf(left));
        }
        if (state.status() == JournalStatus.ROLLED_BACK || !state.rolledBack().isEmpty()) {
            // Not "every step was undone": a rollback_scope may have kept some on purpose.
            List<String> undone = state.rolledBack().stream().map(ItemState::key).toList();
            return new Refused(run + " was rolled back" + (undone.isEmpty() ? "" : " (undone: " + String.join(", ", undone)
                    + ")") + ", so resuming it would redo steps out of order; start a new run instead");
        }
        if (state.planHash() != null && !state.planHash().equals(plan.hash())) {
            return new Refused(changes(state, plan));
        }
        Set<String> done = state.completedKeys();
        List<String> completed = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (PlannedStep s : plan.steps()) {
            String key = JournalRun.stepKey(s.id());
            boolean cutOff = !done.contains(key) && state.item(key).map(i -> i.status() == JournalStatus.STARTED).orElse(false)
                    && !s.repeatableAfterCrash(s.target() == null ? null : plan.targets().get(s.target()));
            if (cutOff && !rerun.contains(s.id()) && !skip.contains(s.id())) unknown.add(s.id() + " (" + s.kind() + ")");
            if (done.contains(key) || (cutOff && skip.contains(s.id()))) completed.add(key);
            else remaining.add(key);
        }
        if (!unknown.isEmpty()) {
            return new Refused(run + " ended while step " + String.join(", ", unknown) + " had started and no outcome was"
                    + " recorded; it acts outside a transaction, so whether it took effect is unknown. Check the target,"
                    + " then resume with --rerun " + unknown.get(0).split(" ")[0] + " (run it again) or --skip "
                    + unknown.get(0).split(" ")[0] + " (it took effect), or declare idempotent: true on the step");
        }
        for (String id : concat(rerun, skip)) {
            boolean known = plan.steps().stream().anyMatch(s -> s.id().equals(id)
                    && state.item(JournalRun.stepKey(id)).map(i -> i.status() == JournalStatus.STARTED).orElse(false));
            if (!known) {
                return new Refused("--rerun/--skip " + id + ": " + run + " has no step '" + id
                        + "' left started without an outcome; only such steps need the operator's word");
            }
        }
        Optional<String> retry = state.unfinished().stream().map(ItemState::key).filter(remaining::contains).findFirst();
        return new Resume(state.runId(), List.copyOf(completed), retry, List.copyOf(remaining));
    }

    /** A run is resumed once; its resumer carries the chain on (and can itself be resumed if it did not finish). */
    public static Refused alreadyResumed(String run, String detail) {
        String by = detail != null && detail.startsWith(Journal.RESUMED_BY) ? detail.substring(Journal.RESUMED_BY.length()) : null;
        return new Refused(run + " was already " + (by == null ? "resumed" : "resumed by run " + by)
                + "; a run is resumed once" + (by == null ? "" : ": resume run " + by + " instead if it did not finish"));
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(new java.util.TreeSet<>(a));
        out.addAll(new java.util.TreeSet<>(b));
        return out;
    }

    private static String changes(RunState state, Plan plan) {
        List<String> changed = new ArrayList<>();
        for (PlannedStep s : plan.steps()) {
            state.item(JournalRun.stepKey(s.id())).ifPresent(i -> {
                if (i.checksum() != null && !i.checksum().equals(s.checksum())) changed.add(s.id());
            });
        }
        String what;
        if (state.runbookChecksum() != null && !state.runbookChecksum().equals(plan.runbookChecksum())) {
            what = "the runbook file changed";
        } else if (!changed.isEmpty()) {
            what = "a file the runbook reads changed";
        } else {
            what = "a file the runbook reads, a parameter, the environment or the targets changed";
        }
        return "cannot resume run " + state.runId() + ": " + what + " since it ran (plan " + state.planHash() + ", now "
                + plan.hash() + ")" + (changed.isEmpty() ? "" : "; changed steps: " + String.join(", ", changed))
                + ". Resume with the runbook as it was, or start a new run";
    }
}
