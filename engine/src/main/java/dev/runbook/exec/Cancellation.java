package dev.runbook.exec;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops what a run is doing right now: the step timeout, the run timeout, Ctrl-C/SIGTERM and a thread
 * interrupt all end in the current operation's canceller (cancel the JDBC statement, destroy the process
 * tree, abandon the HTTP exchange). Shared between the run's thread, its timer and signal handlers.
 */
final class Cancellation implements AutoCloseable {
    /** Why the current operation was cancelled by the engine. */
    enum Cause { TIMEOUT, STOP }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runbook-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private volatile String stopReason;
    private volatile boolean runTimedOut;
    private volatile boolean timeoutFired;
    private volatile boolean attemptTimedOut;
    private Runnable canceller;
    private ScheduledFuture<?> attemptTimer;

    /** Watches the run's thread for interrupts and the run's time budget (null: unbounded). */
    void watch(Thread runThread, Duration runTimeout) {
        long deadline = dev.runbook.model.TimeBound.of(runTimeout) == null ? Long.MAX_VALUE : System.nanoTime() + runTimeout.toNanos();
        timer.scheduleWithFixedDelay(() -> {
            if (stopReason != null) return;
            if (runThread.isInterrupted()) stop("interrupted");
            else if (!timeoutFired && System.nanoTime() > deadline) {
                timeoutFired = true;
                runTimedOut = true;
                stop("the run timeout of " + dev.runbook.text.HumanDuration.of(runTimeout) + " was reached");
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** Asks the run to stop: cancels the current operation; no further step starts. Idempotent. */
    void stop(String reason) {
        synchronized (lock) {
            if (stopReason == null) stopReason = reason;
            fire();
            lock.notifyAll();
        }
    }

    /**
     * Lets compensation run after a stop: clears the stop so rollbacks can start; a further stop request
     * (a second Ctrl-C) cancels them again.
     */
    void beginCompensation() {
        synchronized (lock) {
            stopReason = null;
            attemptTimedOut = false;
        }
    }

    boolean stopped() {
        return stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }

    boolean runTimedOut() {
        return runTimedOut;
    }

    void beginAttempt(Duration timeout) {
        synchronized (lock) {
            attemptTimedOut = false;
            if (dev.runbook.model.TimeBound.of(timeout) != null) {
                attemptTimer = timer.schedule(() -> {
                    synchronized (lock) {
                        attemptTimedOut = true;
                        fire();
                    }
                }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    void endAttempt() {
        synchronized (lock) {
            if (attemptTimer != null) attemptTimer.cancel(false);
            attemptTimer = null;
        }
    }

    /** The engine's reason for cancelling, if any: a stop request wins over a timeout. */
    Cause cause() {
        if (stopReason != null) return Cause.STOP;
        return attemptTimedOut ? Cause.TIMEOUT : null;
    }

    /** Fails fast when the attempt may not go on. */
    void check() throws StepFailure {
        Cause c = cause();
        if (c == Cause.STOP) throw new StepFailure(FailureKind.INTERRUPTED, "stopped (" + stopReason + ")");
        if (c == Cause.TIMEOUT) throw new StepFailure(FailureKind.TIMEOUT, "step timed out");
    }

    /** Registers how to cancel the operation about to block; closing the handle unregisters it. */
    Registration onCancel(Runnable cancel) {
        synchronized (lock) {
            canceller = cancel;
            if (cause() != null) fire();
        }
        return () -> {
            synchronized (lock) {
                canceller = null;
            }
        };
    }

    /** Sleeps between retries; a stop request wakes it early. */
    void pause(Duration d) throws StepFailure {
        long end = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (stopReason == null) {
                long left = end - System.nanoTime();
                if (left <= 0) return;
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopReason = "interrupted";
                }
            }
        }
        check();
    }

    private void fire() {
        Runnable r = canceller;
        if (r == null) return;
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // A canceller that fails leaves the operation to its own timeout; nothing better to do here.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** A registered canceller; close when the operation is over. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
