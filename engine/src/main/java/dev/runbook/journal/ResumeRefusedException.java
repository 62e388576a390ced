package dev.runbook.journal;

/**
 * A resume that may not go on, found once it holds the locks: another run resumed the same run first, or sessions of
 * the dead run are still active on a target. Nothing was written for this run (exit 2).
 */
public final class ResumeRefusedException extends RuntimeException {
    public ResumeRefusedException(String reason) {
        super(reason);
    }
}
