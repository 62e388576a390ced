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
 * of the journal. {@link #append} still returns only once the event (and every one queued before) is on disk;
 * {@link #appendLater} at once, leaving the event queued for the next append to force.
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

    /** Events written by {@link #appendLater} whose outcome nobody has looked at yet (in order). */
    private final java.util.List<Future<Long>> later = new java.util.ArrayList<>();

    @Override
    public void append(Event event) throws IOException {
        await(thread.submit(() -> writer.write(event, true)));
        settleLater();
    }

    /**
     * Queues the event on the writer's thread and returns at once: the run's thread does not wait for a thread
     * switch per check. The queue keeps the order; the next {@link #append} (its step's outcome) waits for it and
     * reports a failed write, as does {@link #close}.
     */
    @Override
    public void appendLater(Event event) throws IOException {
        later.add(thread.submit(() -> writer.write(event, false)));
    }

    /** Reports the first failed queued write; called when the queue is known to be drained. */
    private void settleLater() throws IOException {
        try {
            for (Future<Long> f : later) await(f);
        } finally {
            later.clear();
        }
    }

    private static void await(Future<Long> written) throws IOException {
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
        try {
            settleLater();
        } finally {
            thread.shutdown();
            writer.close();
        }
    }
}
