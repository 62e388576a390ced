package dev.runbook.exec;

import dev.runbook.model.RetryPolicy.RetryOn;

/** Why an attempt failed; decides whether a retry policy applies. */
public enum FailureKind {
    CONNECTION(RetryOn.CONNECTION), TIMEOUT(RetryOn.TIMEOUT), EXPECTATION(RetryOn.EXPECTATION),
    ERROR(RetryOn.ERROR), STATUS(RetryOn.STATUS),
    /** A statement waited longer than the step's lock_timeout for a lock another session holds. */
    LOCK_TIMEOUT(RetryOn.LOCK_TIMEOUT),
    /** Stopped by Ctrl-C, SIGTERM or the run timeout: never retried. */
    INTERRUPTED(null),
    /** The step cannot work as written (e.g. CONCURRENTLY inside a transaction): never retried. */
    INVALID(null);

    private final RetryOn retryOn;

    FailureKind(RetryOn retryOn) {
        this.retryOn = retryOn;
    }

    public boolean retryableUnder(java.util.Set<RetryOn> on) {
        return retryOn != null && on.contains(retryOn);
    }
}
