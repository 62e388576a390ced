package dev.runbook.exec;

import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.Output;
import java.util.Map;

/**
 * What one attempt of an action produced: the captures it publishes as {@code steps.<id>.*}, and the
 * bounded evidence and output the event log keeps.
 */
public record ActionResult(Map<String, Object> captures, Long affected, Evidence evidence, Output output) {
    public static ActionResult of(Map<String, Object> captures) {
        return new ActionResult(captures, null, null, null);
    }
}
