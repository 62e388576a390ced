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

    /** What the operator reads at the end of a run: plain words, not the event log's. */
    public String verdict() {
        switch (this) {
            case SUCCEEDED: return "succeeded";
            case FAILED: return "failed";
            case ROLLED_BACK: return "failed, rolled back";
            case INTERRUPTED: return "interrupted";
            case INVALID: return "refused";
            case PRECONDITION_FAILED: return "precondition not met, nothing changed";
            case ROLLBACK_FAILED: return "failed, ROLLBACK FAILED: manual action needed";
            case LOCKED: return "target locked by another run";
            case AWAITING_APPROVAL: return "waiting for an approval";
            default: throw new IllegalStateException(name());
        }
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
