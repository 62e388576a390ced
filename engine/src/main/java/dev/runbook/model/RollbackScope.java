package dev.runbook.model;

/**
 * How far back a failure under {@code on_failure: rollback} compensates: only the failed step, the steps since the
 * latest completed {@code checkpoint: true} step (the whole run when there is none), or every completed step.
 */
public enum RollbackScope {
    STEP, CHECKPOINT, ALL;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
