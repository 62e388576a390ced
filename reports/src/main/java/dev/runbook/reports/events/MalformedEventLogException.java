package dev.runbook.reports.events;

import java.io.IOException;

/** An event log that cannot be turned into a report: broken before its last line, or without a start. */
public final class MalformedEventLogException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedEventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
