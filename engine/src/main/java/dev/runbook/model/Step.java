package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;

/**
 * One ordered unit of work with its options; {@code null} options fall back to the runbook's defaults.
 * {@code forEach} is null unless the step repeats over a list.
 * {@code lockTimeout}: how long each statement may wait for a lock (null: the server's default).
 * {@code restartsTarget}: the database target this step restarts (its run lock is re-taken after it), or null.
 */
public record Step(String id, Position pos, String title, String description, Action action, String target,
                   Expr when, Expr expect, FailurePolicy onFailure, RetryPolicy retry, Duration timeout,
                   boolean once, boolean idempotent, boolean backup, boolean destructive, boolean seed, Boolean mutating,
                   Rollback rollback, ForEach forEach, Duration lockTimeout,
                   String restartsTarget) {

    public String displayName() {
        return title == null ? id : title;
    }
}
