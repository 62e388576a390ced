package dev.runbook.exec;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/** Where run events go; an event is durable when {@link #append} returns. */
public interface EventSink extends Closeable {
    /** Appends one event ({@code type} plus its fields, already masked); the sink adds v, seq and ts. */
    void append(Map<String, Object> event) throws IOException;
}
