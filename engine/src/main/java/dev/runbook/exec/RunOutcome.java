package dev.runbook.exec;

import java.util.Locale;

/** How a run ended, with the process exit code that is part of the command-line contract. */
public enum RunOutcome {
    SUCCEEDED(0), FAILED(1), ROLLED_BACK(1), INTERRUPTED(1), INVALID(2), PRECONDITION_FAILED(3),
    ROLLBACK_FAILED(4), LOCKED(5);

    private final int exitCode;

    RunOutcome(int exitCode) {
        this.exitCode = exitCode;
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
            default: throw new IllegalStateException(name());
        }
    }

    /** The word written to {@code run.finished.outcome}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
