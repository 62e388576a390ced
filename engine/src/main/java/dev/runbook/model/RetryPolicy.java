package dev.runbook.model;

import java.time.Duration;
import java.util.Set;

/** How many times, how far apart, and for which failures a step is tried again. */
public record RetryPolicy(int attempts, Duration delay, double backoff, Set<RetryOn> on) {
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Set.of());

    public enum RetryOn { CONNECTION, TIMEOUT, EXPECTATION, ERROR, STATUS, LOCK_TIMEOUT }

    public Duration delayBefore(int attempt) {
        double factor = Math.pow(backoff, Math.max(0, attempt - 2));
        return Duration.ofMillis((long) (delay.toMillis() * factor));
    }
}
