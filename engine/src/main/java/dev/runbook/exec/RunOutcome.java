package dev.runbook.exec;

import java.util.Locale;

/** How a run ended, with the process exit code that is part of the command-line contract. */
public enum RunOutcome {
    SUCCEEDED(0), FAILED(1), ROLLED_BACK(1), INTERRUPTED(1), INVALID(2), PRECONDITION_FAILED(3),
    ROLLBACK_FAILED(4), LOCKED(5),
    /** Paused before an approval step that nobody could answer; nothing failed. */
    AWAITING_APPROVAL(6);

    private final int exitCode;

    RunOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The word written to {@code run.finished.outcome}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
