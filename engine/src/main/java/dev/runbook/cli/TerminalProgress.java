package dev.runbook.cli;

import dev.runbook.exec.ApprovalPrompter;
import dev.runbook.exec.Progress;
import dev.runbook.reports.text.Printable;
import dev.runbook.text.HumanDuration;
import java.io.BufferedReader;
import picocli.CommandLine.Help.Ansi;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Shows a run as {@code [3/9] step-id ... 2.1s}, numbering steps among steps ({@code [precondition 1/2]} and
 * {@code [rollback]} apart, as every report counts them): one line updated live on a terminal, one plain line per
 * finished item when piped, only loud messages with --quiet, SQL and output lines with --verbose. Also asks approvals at a
 * console. Thread-safe: output lines of shell steps arrive from reader threads.
 */
final class TerminalProgress implements Progress, ApprovalPrompter, AutoCloseable {
    enum Mode { LIVE, PLAIN, QUIET }

    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    private final Mode mode;
    private final boolean verbose;
    private final ScheduledExecutorService ticker;
    private ScheduledFuture<?> tick;
    private final java.util.Map<String, String> labels = new java.util.HashMap<>();
    private final int preconditions;
    private final Ansi ansi;
    private String live;
    private long liveStart;

    /** @param preconditions how many of the executor's top-level positions are preconditions (they come first) */
    TerminalProgress(PrintWriter out, PrintWriter err, BufferedReader in, Mode mode, boolean verbose, int preconditions,
                     Ansi ansi) {
        this.preconditions = preconditions;
        this.ansi = ansi;
        this.out = out;
        this.err = err;
        this.in = in;
        this.mode = mode;
        this.verbose = verbose;
        this.ticker = mode == Mode.LIVE ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runbook-progress");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public synchronized void itemStarted(int position, int total, String key, String label) {
        if (mode == Mode.QUIET) return;
        labels.put(key, label);
        // Piped output (CI logs, files) gets one line per item, when it ends; the live line is for terminals.
        if (mode == Mode.PLAIN) return;
        String line = counter(key, position, total) + " " + label + " ...";
        live = line;
        liveStart = System.nanoTime();
        redraw();
        if (tick == null) tick = ticker.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void itemFinished(int position, int total, String key, String status, Duration elapsed, String reason) {
        if (mode == Mode.QUIET) return;
        stopLive();
        String name = labels.getOrDefault(key, key.startsWith("step/") ? key.substring(5) : key);
        // Input text is escaped (Printable); the status colour is the only escape sequence written here.
        out.println(counter(key, position, total) + " " + Printable.of(name) + " ... " + coloured(status)
                + (elapsed.isZero() ? "" : " " + HumanDuration.of(elapsed)) + (reason == null ? "" : "  (" + Printable.of(reason) + ")"));
        out.flush();
    }

    /** The status word in colour on a terminal (picocli decides: a TTY, NO_COLOR, --no-color), plain otherwise. */
    private String coloured(String status) {
        String style = switch (status) {
            case "ok" -> "green";
            case "failed", "interrupted" -> "red,bold";
            default -> "yellow";
        };
        return ansi.string("@|" + style + " " + Output.escape(status) + "|@");
    }

    /** "[2/5]" for the second of five steps, "[precondition 1/2]", "[rollback]": the reports' kinds, numbered apart. */
    private String counter(String key, int position, int total) {
        if (key.startsWith("precondition/")) return "[precondition " + position + "/" + preconditions + "]";
        if (key.startsWith("rollback/")) return "[rollback]";
        return "[" + (position - preconditions) + "/" + (total - preconditions) + "]";
    }

    @Override
    public synchronized void detail(String key, String text) {
        if (!verbose || mode == Mode.QUIET) return;
        clearLive();
        for (String line : text.split("\n", -1)) out.println("    " + Printable.of(line));
        out.flush();
        redraw();
    }

    @Override
    public synchronized void message(String level, String text, boolean loud) {
        if (mode == Mode.QUIET && !loud) return;
        clearLive();
        PrintWriter w = "info".equals(level) ? out : err;
        w.println(level + ": " + Printable.text(text));
        w.flush();
        redraw();
    }

    @Override
    public boolean approve(String stepId, String prompt, List<String> whatFollows) {
        synchronized (this) {
            stopLive();
            out.println();
            out.println(Printable.text(prompt));
            if (!whatFollows.isEmpty()) {
                out.println("  what follows:");
                whatFollows.forEach(s -> out.println("    " + Printable.of(s)));
            }
            out.print("approve step " + Printable.of(stepId) + "? [y/N] ");
            out.flush();
        }
        try {
            String answer = in.readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void redraw() {
        if (mode != Mode.LIVE || live == null) return;
        out.print("\r\033[K" + Printable.of(live) + " " + HumanDuration.of(Duration.ofNanos(System.nanoTime() - liveStart)));
        out.flush();
    }

    private void clearLive() {
        if (mode == Mode.LIVE && live != null) {
            out.print("\r\033[K");
            out.flush();
        }
    }

    private void stopLive() {
        clearLive();
        live = null;
    }

    @Override
    public synchronized void close() {
        stopLive();
        if (ticker != null) ticker.shutdownNow();
    }
}
