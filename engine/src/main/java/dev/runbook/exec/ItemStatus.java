package dev.runbook.exec;

import dev.runbook.reports.model.Status;

/** The status an item ends with, bound to the event log's {@link Status} so the two cannot drift. */
public enum ItemStatus {
    OK(Status.OK), FAILED(Status.FAILED), SKIPPED(Status.SKIPPED), WARNED(Status.WARNED),
    INTERRUPTED(Status.INTERRUPTED), NOT_REHEARSED(Status.NOT_REHEARSED);

    private final Status status;

    ItemStatus(Status status) {
        this.status = status;
    }

    /** The status the event log and the reports record. */
    public Status status() {
        return status;
    }

    public String word() {
        return status.wire();
    }
}
