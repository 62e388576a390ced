package dev.runbook.cli;

import dev.runbook.exec.Executor;
import dev.runbook.exec.ReportPublisher;
import dev.runbook.exec.RunOptions;
import dev.runbook.exec.RunResult;
import dev.runbook.plan.Plan;
import dev.runbook.reports.Format;
import dev.runbook.reports.ReportWriter;
import dev.runbook.reports.events.EventLogReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Carries out a runbook: the same validate and plan as {@code plan}, then the executor, then the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a runbook against its targets (or --embedded PostgreSQL): preconditions, steps, rollback.",
                "Writes the run folder (events.jsonl and reports). Exit codes: 0 ok, 1 failed, 2 invalid,",
                "3 precondition not met, 4 rollback failed (manual action needed), 5 target locked."})
final class RunCommand implements Callable<Integer> {
    static final List<String> REPORT_FORMATS = List.of("html", "json", "md", "junit");
    /** How long a signal waits for the run to stop its step, roll back and write its journal. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<run-id>).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures, warnings that matter, and the result.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print the SQL, commands and output of each step.")
    boolean verbose;

    @Option(names = "--report", paramLabel = "FORMATS", split = ",",
            description = "Reports to write into the run folder: html, json, md, junit (default: all).")
    List<String> reports = REPORT_FORMATS;

    @Override
    public Integer call() throws Exception {
        for (String f : reports) {
            if (!REPORT_FORMATS.contains(f)) {
                throw new ParameterException(spec.commandLine(), "unknown --report format '" + f + "': expected "
                        + String.join(", ", REPORT_FORMATS));
            }
        }
        Plan plan = options.plan();
        boolean console = System.console() != null;
        TerminalProgress.Mode mode = quiet ? TerminalProgress.Mode.QUIET
                : console ? TerminalProgress.Mode.LIVE : TerminalProgress.Mode.PLAIN;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (TerminalProgress progress = new TerminalProgress(spec.commandLine().getOut(), spec.commandLine().getErr(),
                in, mode, verbose)) {
            Set<String> approvals = new LinkedHashSet<>(options.approvals);
            RunOptions run = RunOptions.defaults().withRunDir(out)
                    .withApprovals(approvals, options.reason)
                    .withConsole(console ? progress : null, progress, verbose)
                    .withReports(publisher(Set.copyOf(reports)));
            Executor executor = new Executor();
            // Signals are trapped so the run ends itself; the hook covers a JVM shut down some other way.
            Thread hook = new Thread(() -> stopAndWait(executor), "runbook-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            RunResult result;
            try (SignalTrap trap = SignalTrap.install(() -> {
                progress.message("warn", "stopping: cancelling the current step, then applying its failure policy"
                        + " (a second Ctrl-C cancels the rollback too)", true);
                executor.stop("interrupted by a signal (Ctrl-C or SIGTERM)");
            }, () -> executor.stop("interrupted again by a signal"))) {
                result = executor.run(plan, run);
            } finally {
                removeQuietly(hook);
            }
            print(result);
            return result.exitCode();
        }
    }

    private void print(RunResult result) {
        var outw = spec.commandLine().getOut();
        var errw = spec.commandLine().getErr();
        (result.exitCode() == 0 ? outw : errw).println(result.outcome().word() + " (exit " + result.exitCode() + "): "
                + result.summary());
        outw.println("target: " + result.targetState());
        outw.println("run folder: " + result.runDir());
        for (Path p : result.reports()) outw.println("report: " + p);
        outw.flush();
        errw.flush();
    }

    /** Renders the chosen reports from the run folder's event log, as {@code runbook report} would later. */
    static ReportPublisher publisher(Set<String> formats) {
        Set<Format> chosen = formats.stream().map(Format::parse).collect(java.util.stream.Collectors.toCollection(
                () -> java.util.EnumSet.noneOf(Format.class)));
        return dir -> new ReportWriter().writeAll(new EventLogReader().read(dir), dir, chosen);
    }

    private static void stopAndWait(Executor executor) {
        executor.stop("interrupted by a signal (Ctrl-C or SIGTERM)");
        try {
            executor.awaitFinished(SHUTDOWN_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping because of a signal; the hook is what is waiting for us.
        }
    }
}
