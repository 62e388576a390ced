package dev.runbook.model;

/** What the engine does when a step fails. */
public enum FailurePolicy {
    ABORT, CONTINUE, ROLLBACK;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
