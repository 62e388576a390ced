package dev.runbook.exec;

import dev.runbook.reports.events.Event;
import dev.runbook.reports.events.EventLogWriter;
import dev.runbook.reports.events.MaskedJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The run's events through the reports module's {@link EventLogWriter}, written on the caller's thread (the writer's
 * calls survive an interrupt, so Ctrl-C cannot close the log). {@link #append} returns once the event is on disk;
 * {@link #appendLater} once the operating system has it, which a kill of this process does not lose; it is forced
 * with the next {@link #append}, or by itself when nothing was forced for {@link #MAX_UNFORCED_NANOS}.
 */
final class ReportsEventSink implements EventSink {
    /**
     * The most an operating-system crash can take from the end of the log while events keep coming (the kernel's own
     * write-back bounds it otherwise); the targets' journals, committed with each step, are what resume reads.
     */
    static final long MAX_UNFORCED_NANOS = 1_000_000_000L;

    private final EventLogWriter writer;
    private long lastForced = System.nanoTime();
    private boolean unforced;

    ReportsEventSink(Path runDir, Clock clock) throws IOException {
        this.writer = EventLogWriter.open(runDir, clock);
    }

    @Override
    public synchronized void append(Event event, MaskedJson json) throws IOException {
        writer.write(event, json, true);
        lastForced = System.nanoTime();
        unforced = false;
    }

    @Override
    public synchronized void appendLater(Event event, MaskedJson json) throws IOException {
        if (System.nanoTime() - lastForced >= MAX_UNFORCED_NANOS) {
            append(event, json);
        } else {
            writer.write(event, json, false);
            unforced = true;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (unforced) writer.force();
        } finally {
            writer.close();
        }
    }
}
