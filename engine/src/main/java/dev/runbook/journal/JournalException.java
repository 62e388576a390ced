package dev.runbook.journal;

/** A journal, history or lock statement failed on the database; the message names the table and the cause. */
public class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
