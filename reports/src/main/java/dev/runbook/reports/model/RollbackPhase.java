package dev.runbook.reports.model;

import java.time.Instant;
import java.util.List;

/**
 * The compensation phase of a run.
 *
 * @param status       {@code ok}, {@code failed}, or {@code interrupted} when the log ends inside the phase
 * @param keys         rollback keys planned, in the order they were to run
 * @param remaining    keys not compensated; the target still carries those changes
 * @param manualAction what the operator must do by hand, or null
 * @param finishedAt   null when the phase never finished
 */
public record RollbackPhase(String reason, List<String> keys, Status status, List<String> remaining,
                            String manualAction, Instant startedAt, Instant finishedAt) {
    public RollbackPhase {
        keys = Copies.list(keys);
        remaining = Copies.list(remaining);
    }
}
