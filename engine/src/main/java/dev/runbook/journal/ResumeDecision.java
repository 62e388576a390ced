package dev.runbook.journal;

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
public sealed interface ResumeDecision permits ResumeDecision.Resume, ResumeDecision.Refused {

    /** Resume: {@code completed} step keys to skip (journaled as skipped, "completed by run ..."), then run {@code remaining}. */
    record Resume(String runId, List<String> completed, Optional<String> retry, List<String> remaining)
            implements ResumeDecision {}

    /** Not resumable, and why, in one sentence that tells what to do instead. */
    record Refused(String reason) implements ResumeDecision {}

    public static ResumeDecision decide(RunState state, Plan plan) {
        String run = "run " + state.runId();
        if (!plan.runbookId().equals(state.runbookId())) {
            return new Refused(run + " is of runbook '" + state.runbookId() + "', not '" + plan.runbookId() + "'");
        }
        if (state.status() == JournalStatus.SUCCEEDED) return new Refused("nothing to resume: " + run + " succeeded");
        if (state.status() == JournalStatus.ROLLED_BACK || !state.rolledBack().isEmpty()) {
            return new Refused(run + " was rolled back, so its completed steps were undone; start a new run instead");
        }
        if (state.planHash() != null && !state.planHash().equals(plan.hash())) {
            return new Refused(changes(state, plan));
        }
        Set<String> done = state.completedKeys();
        List<String> completed = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        for (PlannedStep s : plan.steps()) {
            String key = JournalRun.stepKey(s.id());
            if (done.contains(key)) completed.add(key);
            else remaining.add(key);
        }
        Optional<String> retry = state.unfinished().stream().map(ItemState::key).filter(remaining::contains).findFirst();
        return new Resume(state.runId(), List.copyOf(completed), retry, List.copyOf(remaining));
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
