package dev.runbook.reports.events;

import dev.runbook.reports.model.RunHeader;
import java.util.Objects;

/** {@code run.started}: always the first line of a log. */
public record RunStarted(RunHeader run) implements Event {
    public static final String TYPE = "run.started";

    public RunStarted {
        Objects.requireNonNull(run, "run");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
