package dev.runbook.reports.model;

import java.time.Instant;

/** A {@code log} event as kept in the report's log tail; {@code key} names the item it is about, or null. */
public record LogEntry(long seq, Instant ts, LogLevel level, String message, String key) {
}
