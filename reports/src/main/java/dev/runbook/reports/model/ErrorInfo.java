package dev.runbook.reports.model;

/** An error as reported by the database or tool; {@code sqlState} and {@code position} may be null. */
public record ErrorInfo(String message, String sqlState, SqlPosition position) {

    /** An error known only by its message. */
    public static ErrorInfo of(String message) {
        return new ErrorInfo(message, null, null);
    }

    /** The same error with another message (e.g. masked, or with the rollback's words around it). */
    public ErrorInfo withMessage(String newMessage) {
        return new ErrorInfo(newMessage, sqlState, position);
    }
}
