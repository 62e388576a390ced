package dev.runbook.reports.events;

import dev.runbook.reports.model.Outcome;
import java.util.Objects;

/** {@code run.finished}: the last line of a complete run, saying what state the target is left in. */
public record RunFinished(Outcome outcome, int exitCode, long durationMs, String targetState) implements Event {
    public static final String TYPE = "run.finished";

    public RunFinished {
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
