package dev.runbook.cli;

import dev.runbook.fleet.ErrorBudget;
import dev.runbook.fleet.FleetIndex;
import dev.runbook.fleet.FleetListener;
import dev.runbook.fleet.TargetStatus;
import dev.runbook.fleet.Wave;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fleet's progress on a terminal: one line, redrawn every second, with the current wave's done / running /
 * failed counts, the elapsed time and the error budget left. Piped (CI logs) it stays quiet but for the waves,
 * failures and why the fleet stopped; --quiet leaves only failures.
 */
final class FleetTerminal implements FleetListener, AutoCloseable {
    private final PrintWriter out;
    private final PrintWriter err;
    private final TerminalProgress.Mode mode;
    private final ErrorBudget budget;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private String wave = "";
    private int waveSize;
    private int done;
    private int running;
    private int failed;
    private int failedAll;
    private boolean drawn;

    FleetTerminal(PrintWriter out, PrintWriter err, TerminalProgress.Mode mode, ErrorBudget budget, int failedBefore) {
        this.out = out;
        this.err = err;
        this.mode = mode;
        this.budget = budget;
        this.failedAll = failedBefore;
        this.ticker = mode == TerminalProgress.Mode.LIVE ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runbook-fleet-progress");
            t.setDaemon(true);
            return t;
        }) : null;
        if (ticker != null) ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void waveStarted(Wave w, int toRun) {
        clear();
        wave = w.name();
        waveSize = toRun;
        done = running = failed = 0;
        if (mode != TerminalProgress.Mode.QUIET) out.println(wave + ": " + toRun + " target(s)");
        redraw();
    }

    @Override
    public synchronized void targetStarted(FleetIndex.Entry entry) {
        running++;
        redraw();
    }

    @Override
    public synchronized void targetFinished(FleetIndex.Entry e, FleetIndex now) {
        running--;
        done++;
        if (e.status() == TargetStatus.FAILED) {
            failed++;
            failedAll++;
            clear();
            err.println("  target " + e.name() + " FAILED (exit " + e.exitCode() + "): " + e.summary() + " ["
                    + e.runDir() + "]");
            err.flush();
        }
        redraw();
    }

    @Override
    public synchronized void stopped(String why) {
        clear();
        err.println("fleet: no new target starts: " + why);
        err.flush();
        redraw();
    }

    /** The live line; only on a terminal, where it is rewritten in place. */
    synchronized void redraw() {
        if (mode != TerminalProgress.Mode.LIVE || wave.isEmpty()) return;
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        out.print("\r\033[2K" + wave + ": " + done + "/" + waveSize + " done, " + running + " running, " + failed
                + " failed | elapsed " + (s / 60) + "m" + String.format("%02d", s % 60) + "s | error budget left "
                + budget.left(failedAll) + " of " + budget.allowed());
        out.flush();
        drawn = true;
    }

    private void clear() {
        if (drawn) {
            out.print("\r\033[2K");
            out.flush();
            drawn = false;
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) ticker.shutdownNow();
        clear();
    }
}
