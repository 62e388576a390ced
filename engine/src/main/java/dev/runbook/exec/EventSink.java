package dev.runbook.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where run events go, each in its JSON form (its record as Jackson's {@code valueToTree} gives it, already masked);
 * the sink adds v, seq and ts. An event is durable when {@link #append} returns.
 */
public interface EventSink extends Closeable {
    void append(String type, JsonNode event) throws IOException;

    /**
     * Appends one event without forcing it to disk: once this returns, a kill of this process no longer loses it; it
     * becomes durable with the next {@link #append}.
     */
    default void appendLater(String type, JsonNode event) throws IOException {
        append(type, event);
    }
}
