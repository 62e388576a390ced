package dev.runbook.exec;

import dev.runbook.plan.PlannedStep;

/** How one step ended in this run: ok, skipped, or failed with its last failure. */
record StepRecord(PlannedStep step, ItemStatus status, StepFailure failure) {
    boolean ok() {
        return status == ItemStatus.OK;
    }

    boolean failed() {
        return status == ItemStatus.FAILED || status == ItemStatus.INTERRUPTED;
    }
}
