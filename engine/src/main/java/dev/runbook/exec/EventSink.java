package dev.runbook.exec;

import dev.runbook.reports.events.Event;
import java.io.Closeable;
import java.io.IOException;

/** Where run events go; an event is durable when {@link #append} returns. */
public interface EventSink extends Closeable {
    /** Appends one event, already masked; the sink adds v, seq and ts. */
    void append(Event event) throws IOException;
}
