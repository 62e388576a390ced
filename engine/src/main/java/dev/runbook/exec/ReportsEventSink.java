package dev.runbook.exec;

import dev.runbook.reports.events.EventLogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import dev.runbook.reports.events.Event;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The run's events through the reports module's {@link EventLogWriter}, written from a thread of its own:
 * the writer's file channel would be closed by an interrupt of the run's thread (Ctrl-C), losing the rest
 * of the journal. {@link #append} still returns only once the event is on disk; {@link #appendLater} once it is
 * written (the next append forces it to disk with its own).
 */
final class ReportsEventSink implements EventSink {
    private final EventLogWriter writer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "runbook-journal");
        t.setDaemon(true);
        return t;
    });

    ReportsEventSink(Path runDir, Clock clock) throws IOException {
        this.writer = EventLogWriter.open(runDir, clock);
    }

    @Override
    public void append(Event event) throws IOException {
        write(event, true);
    }

    @Override
    public void appendLater(Event event) throws IOException {
        write(event, false);
    }

    private void write(Event event, boolean durable) throws IOException {
        Future<Long> written = thread.submit(() -> writer.write(event, durable));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    written.get();
                    return;
                } catch (InterruptedException e) {
                    // The event must still reach the disk; the interrupt is kept for the run to notice.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        thread.shutdown();
        writer.close();
    }
}
