package dev.runbook.exec;

import dev.runbook.plan.PlannedStep;

/**
 * How one step ended in this run: ok, skipped, or failed with its last failure. {@code unchanged}: it succeeded
 * and is known to have changed nothing (a migrate step with nothing pending).
 */
record StepRecord(PlannedStep step, ItemStatus status, StepFailure failure, boolean unchanged) {
    StepRecord(PlannedStep step, ItemStatus status, StepFailure failure) {
        this(step, status, failure, false);
    }

    boolean ok() {
        return status == ItemStatus.OK;
    }

    boolean failed() {
        return status == ItemStatus.FAILED || status == ItemStatus.INTERRUPTED;
    }
}
