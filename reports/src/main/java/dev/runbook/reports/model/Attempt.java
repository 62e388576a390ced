package dev.runbook.reports.model;

import java.time.Instant;
import java.util.Map;

/**
 * One try at an item; every attempt is kept so a retried step shows what failed before it passed.
 *
 * @param finishedAt null when the attempt never finished (status {@code interrupted})
 * @param affected   rows affected, or null when the step does not report it
 * @param captures   what the step published as {@code steps.<id>.*}, already masked
 */
public record Attempt(int number, Instant startedAt, Instant finishedAt, Status status, String reason,
                      long durationMs, String expected, String actual, Long affected, Evidence evidence,
                      Output output, ErrorInfo error, Map<String, Object> captures) {
    public Attempt {
        captures = Copies.map(captures);
    }
}
