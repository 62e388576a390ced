package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.model.Template;
import dev.runbook.plan.PlannedAction;
import dev.runbook.reports.model.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Starts a shell step's process (argv without shell parsing, or a script under {@code /bin/sh -eu -c}) in a process
 * group of its own that dies with Runbook ({@link ProcessGroup}), captures the tails of stdout and stderr, and kills
 * the whole process tree on timeout or stop.
 */
final class ShellRunner {
    private static final long GRACE_MS = 2_000;

    private final Cancellation cancellation;
    private final Expressions expressions;
    private final Map<String, String> environment;
    private final Path baseDir;
    private final ProcessGroup group = ProcessGroup.detect();

    ShellRunner(Cancellation cancellation, Expressions expressions, Map<String, String> environment, Path baseDir) {
        this.cancellation = cancellation;
        this.expressions = expressions;
        this.environment = environment;
        this.baseDir = baseDir;
    }

    /** Runs the command; {@code lines} receives each output line as it comes ("out"/"err", text). */
    ActionResult run(PlannedAction.Shell shell, Map<String, Object> vars, BiConsumer<String, String> lines)
            throws StepFailure {
        List<String> argv = new ArrayList<>();
        if (shell.script() != null) {
            argv.addAll(List.of("/bin/sh", "-eu", "-c", shell.script()));
        } else {
            for (Template t : shell.argv()) argv.add(interpolate(t, vars));
        }
        if (argv.isEmpty()) throw new StepFailure(FailureKind.INVALID, "the shell step has no command");
        Path dir = shell.dir() != null ? shell.dir() : baseDir == null ? Path.of(".") : baseDir;
        List<String> command = new ArrayList<>(argv);
        if (group.available()) {
            try {
                command.set(0, ProcessGroup.program(argv.get(0), dir));
            } catch (IOException e) {
                throw notStarted(argv.get(0), e);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(group.wrap(command));
        pb.environment().clear();
        pb.environment().putAll(environment);
        if (shell.env() != null) {
            for (Map.Entry<String, Template> e : shell.env().entrySet()) {
                pb.environment().put(e.getKey(), e.getValue() == null ? "" : interpolate(e.getValue(), vars));
            }
        }
        pb.directory(dir.toFile());
        cancellation.check();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw notStarted(argv.get(0), e);
        }
        TailBuffer out = new TailBuffer(TailBuffer.DEFAULT_CAPACITY);
        TailBuffer err = new TailBuffer(TailBuffer.DEFAULT_CAPACITY);
        Thread outReader = pump(p.getInputStream(), out, "out", lines);
        Thread errReader = pump(p.getErrorStream(), err, "err", lines);
        closeQuietly(p);
        int killed = waitOrKill(p);
        join(outReader);
        join(errReader);
        int exit = p.exitValue();
        Map<String, Object> captures = new LinkedHashMap<>();
        captures.put("exit_code", exit);
        captures.put("stdout", out.text());
        captures.put("stderr", err.text());
        ActionResult result = new ActionResult(captures, null, null, output(out, err));
        Cancellation.Cause cause = cancellation.cause();
        if (killed >= 0 && cause != null) {
            String what = "the process tree (pid " + p.pid() + (killed > 0 ? " and " + killed + " descendants" : "") + ")";
            throw new StepFailure(cause == Cancellation.Cause.TIMEOUT ? FailureKind.TIMEOUT : FailureKind.INTERRUPTED,
                    (cause == Cancellation.Cause.TIMEOUT ? "step timed out; killed "
                            : "stopped (" + cancellation.stopReason() + "); killed ") + what,
                    null, null, result, null);
        }
        if (exit != shell.expectExit()) {
            String tail = lastLines(err.text().isBlank() ? out.text() : err.text(), 3);
            throw new StepFailure(FailureKind.ERROR, argv.get(0) + " exited with code " + exit + ", expected "
                    + shell.expectExit() + (tail.isEmpty() ? "" : ": " + tail), null, null, result, null);
        }
        return result;
    }

    /** Waits for the process; on a timeout or stop kills the tree. Returns descendants killed, or -1 if none was. */
    private int waitOrKill(Process p) throws StepFailure {
        try {
            while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (cancellation.cause() != null) return killTree(p);
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.stop("interrupted");
            return killTree(p);
        }
    }

    /** Snapshots the descendants first: once the parent dies they are re-parented and out of reach. */
    private static int killTree(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        long end = System.currentTimeMillis() + GRACE_MS;
        boolean wasInterrupted = Thread.interrupted();
        try {
            while (System.currentTimeMillis() < end && (p.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive))) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            wasInterrupted = true;
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            wasInterrupted = true;
        }
        if (wasInterrupted) Thread.currentThread().interrupt();
        return tree.size();
    }

    private static StepFailure notStarted(String command, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("error=2,")) {
            return new StepFailure(FailureKind.ERROR, "command not found: '" + command
                    + "' is not on PATH or does not exist; install it or give its full path", null, null, null, e);
        }
        if (m.contains("error=13,")) {
            return new StepFailure(FailureKind.ERROR, "permission denied running '" + command + "'", null, null, null, e);
        }
        return new StepFailure(FailureKind.ERROR, "cannot start '" + command + "': " + m, null, null, null, e);
    }

    private static Thread pump(InputStream in, TailBuffer tail, String stream, BiConsumer<String, String> lines) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    tail.write(buf, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines.accept(stream, line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else if (line.size() < 4096) {
                            line.write(buf[i]);
                        }
                    }
                }
                if (line.size() > 0) lines.accept(stream, line.toString(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // The process was killed and its pipe closed; what was read is kept.
            }
        }, "runbook-shell-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            // A background grandchild may hold the pipe open forever; do not wait for it.
            t.join(GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // No input is given to steps; a closed stdin only tells the process so.
        }
    }

    private static Output output(TailBuffer out, TailBuffer err) {
        String text = out.text();
        String e = err.text();
        if (!e.isEmpty()) text = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "--- stderr ---\n" + e;
        boolean cut = out.truncated() || err.truncated() || text.length() > TailBuffer.DEFAULT_CAPACITY;
        if (text.length() > TailBuffer.DEFAULT_CAPACITY) text = text.substring(text.length() - TailBuffer.DEFAULT_CAPACITY);
        return text.isEmpty() ? null : new Output(text, cut);
    }

    private static String lastLines(String text, int n) {
        List<String> all = text.strip().lines().toList();
        return String.join(" | ", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    private String interpolate(Template t, Map<String, Object> vars) throws StepFailure {
        try {
            return expressions.interpolate(t.raw(), vars);
        } catch (ExpressionException e) {
            throw new StepFailure(FailureKind.INVALID, e.getMessage());
        }
    }
}
