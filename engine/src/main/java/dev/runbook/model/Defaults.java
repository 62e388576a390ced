package dev.runbook.model;

import java.time.Duration;

/** Step defaults declared once per runbook. */
public record Defaults(String target, FailurePolicy onFailure, Duration timeout, Duration runTimeout,
                       boolean transaction, RetryPolicy retry, RollbackScope rollbackScope) {
    public static final Defaults NONE = new Defaults(null, FailurePolicy.ABORT, null, null, true, RetryPolicy.NONE,
            RollbackScope.CHECKPOINT);
}
