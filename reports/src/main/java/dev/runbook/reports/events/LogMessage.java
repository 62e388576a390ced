package dev.runbook.reports.events;

import dev.runbook.reports.model.LogLevel;
import java.util.Objects;

/** {@code log}: a message for people, optionally about one item. */
public record LogMessage(LogLevel level, String message, String key) implements Event {
    public static final String TYPE = "log";

    public LogMessage {
        Objects.requireNonNull(level, "level");
    }

    /** An info message not tied to an item. */
    public static LogMessage info(String message) {
        return new LogMessage(LogLevel.INFO, message, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
