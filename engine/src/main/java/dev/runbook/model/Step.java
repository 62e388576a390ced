package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;

/**
 * One ordered unit of work with its options; {@code null} options fall back to the runbook's defaults.
 * {@code forEach} is null unless the step repeats over a list.
 */
public record Step(String id, Position pos, String title, String description, Action action, String target,
                   Expr when, Expr expect, FailurePolicy onFailure, RetryPolicy retry, Duration timeout,
                   boolean once, boolean idempotent, boolean backup, boolean destructive, boolean seed, Boolean mutating,
                   Rollback rollback, ForEach forEach) {

    public String displayName() {
        return title == null ? id : title;
    }
}
