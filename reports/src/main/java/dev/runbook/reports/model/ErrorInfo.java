package dev.runbook.reports.model;

/** An error as reported by the database or tool; {@code sqlState} and {@code position} may be null. */
public record ErrorInfo(String message, String sqlState, Integer position) {

    /** An error known only by its message. */
    public static ErrorInfo of(String message) {
        return new ErrorInfo(message, null, null);
    }
}
