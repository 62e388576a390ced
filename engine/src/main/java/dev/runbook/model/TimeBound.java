package dev.runbook.model;

import java.time.Duration;

/** The one rule for time bounds (timeout, run_timeout, rollback and http timeouts): {@code 0s} means no bound. */
public final class TimeBound {
    private TimeBound() {}

    /** The bound as the engine takes it: null for none (not given, or zero). */
    public static Duration of(Duration d) {
        return d == null || d.isZero() ? null : d;
    }
}
