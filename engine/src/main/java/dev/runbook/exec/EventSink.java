package dev.runbook.exec;

import dev.runbook.reports.events.Event;
import java.io.Closeable;
import java.io.IOException;

/** Where run events go; an event is durable when {@link #append} returns. */
public interface EventSink extends Closeable {
    /** Appends one event, already masked; the sink adds v, seq and ts. */
    void append(Event event) throws IOException;

    /**
     * Appends one event, already masked, without waiting for the disk: it becomes durable with the next
     * {@link #append}. For evidence-only events whose loss in a crash changes no decision (an assert step's
     * checks: the step itself is journaled durably, and a resume runs it again).
     */
    default void appendLater(Event event) throws IOException {
        append(event);
    }
}
