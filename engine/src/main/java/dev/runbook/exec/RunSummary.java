package dev.runbook.exec;

import dev.runbook.plan.PlannedStep;
import java.util.List;

/** How a run ended, in the words the operator and the report read: outcome, one line, and the target's state. */
record RunSummary(RunOutcome outcome, String text, String targetState) {

    static RunSummary refused(String why) {
        return new RunSummary(RunOutcome.INVALID, "refused before anything ran: " + why,
                "unchanged: the run was refused before anything ran");
    }

    static RunSummary locked(String why) {
        return new RunSummary(RunOutcome.LOCKED, why, "unchanged: another run holds the target, nothing ran");
    }

    /** The run lost a target's run lock and stopped at once, without compensating (another run may be active). */
    static RunSummary lockLost(String why, List<PlannedStep> completed, TargetState state) {
        String done = completed.isEmpty() ? "no step completed"
                : "completed: " + String.join(", ", completed.stream().map(PlannedStep::id).toList());
        return new RunSummary(RunOutcome.LOCKED, why + "; stopped at once, nothing was rolled back; " + done
                + ". Check what another run did on the target, then resume this run",
                state.stopped("; stopped when the run lock was lost"));
    }

    /** A resume that only finished the compensation of a run cut off mid-rollback. */
    static RunSummary rollbackFinished(String earlierRun, Compensator.Result rollback, TargetState state) {
        String cause = "finished the interrupted rollback of run " + earlierRun;
        if (!rollback.ok()) {
            return new RunSummary(RunOutcome.ROLLBACK_FAILED, cause + " in part; " + rollback.manualAction(),
                    state.rollbackFailed(rollback.remaining()));
        }
        String what = rollback.done().isEmpty() ? "nothing left to roll back" : "rolled back: "
                + String.join(", ", rollback.done());
        return new RunSummary(RunOutcome.ROLLED_BACK, cause + "; " + what, state.afterRollback(rollback.withoutRollback(), rollback.kept()));
    }

    static RunSummary notStarted(String why) {
        return new RunSummary(RunOutcome.FAILED, why, "unchanged: the run could not start");
    }

    static RunSummary preconditionFailed(List<String> names) {
        String which = String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
        return new RunSummary(RunOutcome.PRECONDITION_FAILED, "precondition " + which + " not met; nothing was changed",
                "unchanged: precondition " + which + " failed before any step ran");
    }

    static RunSummary skipped(List<String> names) {
        String which = String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
        return new RunSummary(RunOutcome.SUCCEEDED, "skipped: precondition " + which + " asks to skip this runbook",
                "unchanged: the runbook was skipped by precondition " + which);
    }

    /** Paused before approval step {@code stepId}: what completed stays (nothing is rolled back), nothing failed. */
    static RunSummary awaitingApproval(String stepId, String runId, List<PlannedStep> completed) {
        String done = completed.isEmpty() ? "no step ran yet"
                : "completed: " + String.join(", ", completed.stream().map(PlannedStep::id).toList());
        return new RunSummary(RunOutcome.AWAITING_APPROVAL, "waiting for approval of step " + stepId + " (" + done
                + "); approve with: runbook approve " + runId + " " + stepId + " --reason TEXT, then: runbook resume "
                + runId, completed.isEmpty() ? "unchanged: paused before any step ran"
                : "paused: " + done + " (kept; nothing is rolled back while the run waits)");
    }

    static RunSummary stoppedBeforeSteps(String reason) {
        return new RunSummary(RunOutcome.INTERRUPTED, "stopped before any step ran (" + reason + ")",
                "unchanged: the run was stopped before any step ran");
    }

    /**
     * @param unchanged completed steps known to have changed nothing (migrate steps with nothing pending)
     * @param state     what the targets say is left committed, compensated or unknown (the "target:" line)
     */
    static RunSummary ofSteps(int total, List<PlannedStep> completed, List<PlannedStep> unchanged, List<StepRecord> failures,
                              PlannedStep failed, String interrupted, String timedOut, Compensator.Result rollback,
                              TargetState state) {
        String done = completed.isEmpty() ? "no step completed"
                : "completed: " + String.join(", ", completed.stream().map(PlannedStep::id).toList());
        String cause = failed != null ? "step " + failed.id() + " failed: " + message(failures, failed)
                : interrupted != null ? "stopped (" + interrupted + ")" : timedOut != null ? timedOut : null;
        if (rollback != null && !rollback.ok()) {
            return new RunSummary(RunOutcome.ROLLBACK_FAILED, cause + "; " + rollback.manualAction(),
                    rollback.stopped() ? state.rollbackFailed(rollback.remaining())
                            : state.manualLeft(rollback.done(), rollback.remaining()));
        }
        if (rollback != null) {
            String kept = rollback.withoutRollback().isEmpty() ? ""
                    : "; steps without a rollback keep their changes: " + String.join(", ", rollback.withoutRollback());
            if (!rollback.kept().isEmpty()) {
                kept += "; kept by rollback_scope: " + rollback.scope().word() + ": " + String.join(", ", rollback.kept());
            }
            String what = (rollback.done().isEmpty() ? "nothing to roll back" : "rolled back: " + String.join(", ",
                    rollback.done())) + kept;
            RunOutcome o = interrupted != null ? RunOutcome.INTERRUPTED : RunOutcome.ROLLED_BACK;
            return new RunSummary(o, cause + "; " + what, state.afterRollback(rollback.withoutRollback(), rollback.kept()));
        }
        if (interrupted != null) {
            return new RunSummary(RunOutcome.INTERRUPTED, cause + "; " + done, state.stopped(""));
        }
        if (failed != null || timedOut != null) {
            return new RunSummary(RunOutcome.FAILED, cause + "; " + done, state.stopped("; later steps did not run"));
        }
        if (!failures.isEmpty()) {
            String which = String.join(", ", failures.stream().map(f -> f.step().id()).toList());
            return new RunSummary(RunOutcome.FAILED, "steps failed (on_failure: continue): " + which + "; " + done,
                    state.stopped("; failed and left as they were: " + which));
        }
        String ran = completed.size() + " of " + total + " steps ran, " + (total - completed.size()) + " skipped";
        if (unchanged.isEmpty()) return new RunSummary(RunOutcome.SUCCEEDED, ran, "changed as planned: " + done);
        String idle = "nothing pending in " + String.join(", ", unchanged.stream().map(PlannedStep::id).toList());
        List<PlannedStep> changing = completed.stream().filter(p -> p.mutating() && !unchanged.contains(p)).toList();
        if (changing.isEmpty()) {
            return new RunSummary(RunOutcome.SUCCEEDED, ran + "; " + idle, "unchanged: " + idle + "; " + done);
        }
        return new RunSummary(RunOutcome.SUCCEEDED, ran + "; " + idle, "changed as planned: " + done + "; " + idle);
    }

    private static String message(List<StepRecord> failures, PlannedStep failed) {
        for (StepRecord r : failures) {
            if (r.step() == failed && r.failure() != null) return r.failure().getMessage();
        }
        return "see the event log";
    }
}
