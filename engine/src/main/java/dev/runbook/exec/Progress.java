package dev.runbook.exec;

import java.time.Duration;

/**
 * What a person watching a run sees, supplied by the command line (TTY, plain lines or nothing).
 * Every text reaching it is already masked. Called from the run's thread, except {@link #detail}, which
 * also receives shell output lines from reader threads; implementations synchronise.
 */
public interface Progress {
    /** A top-level item (precondition or step) starts; {@code position} is 1-based among {@code total}. */
    void itemStarted(int position, int total, String key, String label);

    /** The item ended with this status word (ok, failed, skipped, warned, interrupted) after {@code elapsed}. */
    void itemFinished(int position, int total, String key, String status, Duration elapsed, String reason);

    /** Detail shown only with --verbose: SQL text, output lines. */
    void detail(String key, String text);

    /** A message the operator must see even with --quiet when {@code loud}. */
    void message(String level, String text, boolean loud);

    static Progress silent() {
        return new Progress() {
            public void itemStarted(int position, int total, String key, String label) {}
            public void itemFinished(int position, int total, String key, String status, Duration elapsed, String reason) {}
            public void detail(String key, String text) {}
            public void message(String level, String text, boolean loud) {}
        };
    }
}
