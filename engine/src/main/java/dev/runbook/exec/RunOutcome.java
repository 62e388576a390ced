package dev.runbook.exec;

import dev.runbook.reports.model.Outcome;

/**
 * How a run ended, with the process exit code that is part of the command-line contract, bound to the event
 * log's {@link Outcome} so the two cannot drift.
 */
public enum RunOutcome {
    SUCCEEDED(0, Outcome.SUCCEEDED), FAILED(1, Outcome.FAILED), ROLLED_BACK(1, Outcome.ROLLED_BACK),
    INTERRUPTED(1, Outcome.INTERRUPTED), INVALID(2, Outcome.INVALID), PRECONDITION_FAILED(3, Outcome.PRECONDITION_FAILED),
    ROLLBACK_FAILED(4, Outcome.ROLLBACK_FAILED), LOCKED(5, Outcome.LOCKED),
    /** Paused before an approval step that nobody could answer; nothing failed. */
    AWAITING_APPROVAL(6, Outcome.AWAITING_APPROVAL);

    private final int exitCode;
    private final Outcome outcome;

    RunOutcome(int exitCode, Outcome outcome) {
        this.exitCode = exitCode;
        this.outcome = outcome;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The outcome {@code run.finished} records. */
    public Outcome outcome() {
        return outcome;
    }

    /** The word written to {@code run.finished.outcome}. */
    public String word() {
        return outcome.wire();
    }
}
