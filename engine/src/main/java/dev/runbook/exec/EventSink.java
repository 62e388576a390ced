package dev.runbook.exec;

import dev.runbook.reports.events.Event;
import dev.runbook.reports.events.MaskedJson;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where run events go, each written as {@code json} gives it (every string masked on the way out); the sink adds
 * v, seq and ts. An event is durable when {@link #append} returns.
 */
public interface EventSink extends Closeable {
    void append(Event event, MaskedJson json) throws IOException;

    /**
     * Appends one event without forcing it to disk: once this returns, a kill of this process no longer loses it; it
     * becomes durable with the next {@link #append}.
     */
    default void appendLater(Event event, MaskedJson json) throws IOException {
        append(event, json);
    }
}
