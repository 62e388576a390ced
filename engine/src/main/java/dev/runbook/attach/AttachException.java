package dev.runbook.attach;

/** The ticket system refused or could not be reached; the message names the system and says what to fix. */
public final class AttachException extends Exception {
    public AttachException(String message) {
        super(message);
    }
}
