package dev.runbook.exec;

import java.time.Duration;

/** Elapsed time from a {@link System#nanoTime()} start, as the journal and the progress display want it. */
final class SessionTime {
    private SessionTime() {}

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
