package dev.runbook.reports.events;

import java.time.Instant;

/** An event as read back from the log, with the envelope the writer added. */
public record LoggedEvent(long seq, Instant ts, Event event) {
}
