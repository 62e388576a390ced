package dev.runbook.journal;

import java.util.Locale;

/**
 * The status of a run or item row in the journal, stored as its lower-case word. A row is written as
 * {@code started} before the work and updated to its outcome after; a row still {@code started} once its
 * run is over means the process died in between.
 */
public enum JournalStatus {
    STARTED, SUCCEEDED, FAILED, ROLLED_BACK, SKIPPED, INTERRUPTED,
    /** A run paused at an approval step nobody could answer; {@code runbook approve}, then {@code resume}. */
    WAITING,
    /** A run row only: compensation began; still so after the run means it was cut off mid-rollback. */
    ROLLING_BACK,
    /** A run row only: a later run resumed this one (its detail names it), so it cannot be resumed again. */
    RESUMED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JournalStatus fromWord(String word) {
        return valueOf(word.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * The journal status for an {@code item.finished} status of reports/EVENTS.md: {@code ok} and
     * {@code warned} succeeded, {@code not_rehearsed} was skipped.
     */
    public static JournalStatus ofItemEvent(String eventStatus) {
        return switch (eventStatus) {
            case "ok", "warned" -> SUCCEEDED;
            case "failed" -> FAILED;
            case "skipped", "not_rehearsed" -> SKIPPED;
            case "interrupted" -> INTERRUPTED;
            default -> throw new IllegalArgumentException("unknown item status '" + eventStatus + "'");
        };
    }

    /**
     * The journal status for a {@code run.finished} outcome of reports/EVENTS.md. A run that never took the
     * lock ({@code locked}) or never started ({@code invalid}) has no journal row at all.
     */
    public static JournalStatus ofRunOutcome(String outcome) {
        return switch (outcome) {
            case "succeeded" -> SUCCEEDED;
            case "failed", "precondition_failed", "rollback_failed" -> FAILED;
            case "rolled_back" -> ROLLED_BACK;
            case "interrupted" -> INTERRUPTED;
            case "awaiting_approval" -> WAITING;
            default -> throw new IllegalArgumentException("no journal status for run outcome '" + outcome + "'");
        };
    }
}
