package dev.runbook.exec;

import java.util.Map;

/**
 * What one attempt of an action produced: the captures it publishes as {@code steps.<id>.*}, and the
 * bounded evidence and output the event log keeps.
 */
public record ActionResult(Map<String, Object> captures, Long affected, Evidence evidence, Output output) {
    public static ActionResult of(Map<String, Object> captures) {
        return new ActionResult(captures, null, null, null);
    }

    /** A tail of text output (shell stdout/stderr, http body) and whether it was cut. */
    public record Output(String text, boolean truncated) {}
}
