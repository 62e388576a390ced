package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;

/**
 * One ordered unit of work with its options; {@code null} options fall back to the runbook's defaults.
 * {@code forEach} is null unless the step repeats over a list.
 * {@code lockTimeout}: how long each statement may wait for a lock (null: the server's default).
 * {@code restartsTarget}: the database target this step restarts (its run lock is re-taken after it), or null.
 * {@code rollbackScope}: how far back this step's failure compensates (null: the runbook's default);
 * {@code checkpoint}: once this step completes, no later failure compensates it or anything before it;
 * {@code noRollback}: why a changing step has no rollback (waives RB301), else null.
 */
public record Step(String id, Position pos, String title, String description, Action action, String target,
                   Expr when, Expr expect, FailurePolicy onFailure, RetryPolicy retry, Duration timeout,
                   boolean once, boolean idempotent, boolean backup, boolean destructive, boolean seed, Boolean mutating,
                   Rollback rollback, ForEach forEach, Duration lockTimeout,
                   String restartsTarget, RollbackScope rollbackScope, boolean checkpoint, String noRollback) {

    public String displayName() {
        return title == null ? id : title;
    }
}
