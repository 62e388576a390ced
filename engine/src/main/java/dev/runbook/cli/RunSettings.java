package dev.runbook.cli;

import dev.runbook.attach.AttachException;
import dev.runbook.attach.Attacher;
import dev.runbook.attach.Ticket;
import dev.runbook.exec.Executor;
import dev.runbook.exec.ReportPublisher;
import dev.runbook.exec.RunOptions;
import dev.runbook.exec.RunResult;
import dev.runbook.parse.Durations;
import dev.runbook.plan.Plan;
import dev.runbook.reports.Format;
import dev.runbook.reports.ReportWriter;
import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.render.MarkdownSummaryRenderer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options of commands that execute a plan (run, resume), and the one way a plan is executed from the CLI. */
final class RunSettings {
    static final List<String> REPORT_FORMATS = List.of("html", "json", "md", "junit");
    /** How long a signal waits for the run to stop its step, roll back and write its journal. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<run-id>).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures, warnings that matter, and the result.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print the SQL, commands and output of each step.")
    boolean verbose;

    @Option(names = "--report", paramLabel = "FORMATS", split = ",",
            description = "Reports to write into the run folder: html, json, md, junit (default: all).")
    List<String> reports = REPORT_FORMATS;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s",
            description = "How long to wait for another run's lock on a target before exit 5 (e.g. 30s, 5m; default: 0s, do not wait); resume also waits this long (default 30s) for what the run it resumes left running.")
    String lockTimeout;

    @Option(names = "--rehearse", description = "Rehearse on the real target: sql, assert and migrate steps run in one"
            + " transaction per target, rolled back at the end; shell, http and approval steps and statements that cannot"
            + " run in a transaction are listed as not rehearsed. Same lock, its own journal row and report.")
    boolean rehearse;

    @Option(names = "--attach", paramLabel = "TICKET_URL", description = "After the run, put its HTML, JSON and Markdown"
            + " reports on this change ticket, as runbook report --attach does (Jira, ServiceNow or GitHub; credentials"
            + " from the environment, checked before the run starts). A failed upload is reported; the exit code stays the run's.")
    String attach;

    @Option(names = "--allow-changed", description = "Re-apply once: true steps whose content changed since they were applied.")
    boolean allowChanged;

    /** Checks the options that picocli cannot; a bad one is a usage error (exit 2). */
    Duration lockTimeout(CommandSpec spec) {
        try {
            return Durations.parse(lockTimeout);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--lock-timeout '" + lockTimeout
                    + "' is not a duration: write e.g. 30s, 5m or 1h");
        }
    }

    /**
     * The options a fleet's target runs share: approvals, reports, lock timeout, --allow-changed, --rehearse; no
     * console (nobody can answer an approval prompt for a hundred targets, so approvals need --approve).
     */
    RunOptions forFleet(CommandSpec spec, InvocationOptions invocation) {
        checkReports(spec);
        return RunOptions.defaults().withApprovals(new LinkedHashSet<>(invocation.approvals), invocation.reason)
                .withReports(new ReportsOnDisk(Set.copyOf(reports)))
                .withLockTimeout(lockTimeout(spec))
                .withAllowChanged(allowChanged)
                .withRehearsal(rehearse);
    }

    private void checkReports(CommandSpec spec) {
        for (String f : reports) {
            if (!REPORT_FORMATS.contains(f)) {
                throw new ParameterException(spec.commandLine(), "unknown --report format '" + f + "': expected "
                        + String.join(", ", REPORT_FORMATS));
            }
        }
    }

    /** Executes the plan with progress on the console, signals trapped, reports written; returns the exit code. */
    int execute(CommandSpec spec, Plan plan, InvocationOptions invocation, RunOptions.ResumePoint resume) {
        return execute(spec, plan, invocation, resume, null);
    }

    /** @param approvedPlan the saved plan the run is bound to, as the report names it, or null */
    int execute(CommandSpec spec, Plan plan, InvocationOptions invocation, RunOptions.ResumePoint resume,
                String approvedPlan) {
        checkReports(spec);
        Duration wait = lockTimeout(spec);
        Ticket ticket = null;
        if (attach != null) {
            try {
                ticket = Ticket.parse(attach);
                Attacher.check(ticket, System.getenv());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--attach: " + e.getMessage());
            }
        }
        boolean console = System.console() != null;
        TerminalProgress.Mode mode = quiet ? TerminalProgress.Mode.QUIET
                : console ? TerminalProgress.Mode.LIVE : TerminalProgress.Mode.PLAIN;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ReportsOnDisk reportsOnDisk = new ReportsOnDisk(Set.copyOf(reports));
        try (TerminalProgress progress = new TerminalProgress(spec.commandLine().getOut(), spec.commandLine().getErr(),
                in, mode, verbose, plan.preconditions().size(), spec.commandLine().getColorScheme().ansi())) {
            Set<String> approvals = new LinkedHashSet<>(invocation.approvals);
            RunOptions run = RunOptions.defaults().withRunDir(out)
                    .withApprovals(approvals, invocation.reason)
                    .withConsole(console ? progress : null, progress, verbose)
                    .withReports(reportsOnDisk)
                    .withLockTimeout(wait)
                    .withAllowChanged(allowChanged)
                    .withResume(resume)
                    .withApprovedPlan(approvedPlan)
                    .withRehearsal(rehearse)
                    .withEmbeddedVersion(invocation.embeddedVersion());
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
            print(spec, result, reportsOnDisk.last());
            if (ticket != null && reportsOnDisk.last() != null) attach(spec, ticket, result, reportsOnDisk.last());
            return result.exitCode();
        }
    }

    /** Uploads the run's reports to its ticket; a failure is said loudly but does not change what the run did. */
    private static void attach(CommandSpec spec, Ticket ticket, RunResult result, RunReport report) {
        List<Path> files = result.reports().stream().filter(p -> !p.getFileName().toString().endsWith(".xml")).toList();
        java.io.StringWriter summary = new java.io.StringWriter();
        try {
            new MarkdownSummaryRenderer().render(report, summary);
            String names = String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList());
            for (String line : new Attacher().attach(ticket, files, summary + "\nReports: " + names + " (run "
                    + result.runId() + ")\n", System.getenv())) {
                spec.commandLine().getOut().println(line);
            }
        } catch (AttachException | java.io.IOException e) {
            spec.commandLine().getErr().println("runbook: could not attach the reports to the " + ticket.describe() + ": "
                    + e.getMessage() + " (they are in " + result.runDir() + "; runbook report " + result.runDir()
                    + " --attach ... tries again)");
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
    }

    /** The verdict and where to look, on stdout whatever the outcome (diagnostics and warnings went to stderr). */
    private static void print(CommandSpec spec, RunResult result, RunReport report) {
        var outw = spec.commandLine().getOut();
        var ansi = spec.commandLine().getColorScheme().ansi();
        String style = result.exitCode() == 0 ? "green,bold" : "red,bold";
        outw.println(ansi.string("@|" + style + " " + Output.escape(result.outcome().verdict()) + "|@") + " (exit "
                + result.exitCode() + "): " + dev.runbook.reports.text.Printable.text(result.summary()));
        if (report != null) outw.println("counts: " + report.counts().summary());
        outw.println("target: " + dev.runbook.reports.text.Printable.of(result.targetState()));
        outw.println("run id: " + result.runId());
        outw.println("run folder: " + result.runDir());
        for (Path p : result.reports()) outw.println("report: " + p);
        outw.flush();
    }

    /**
     * Renders the chosen reports from the run folder's event log, as {@code runbook report} would later, and keeps the last report it rendered,
     * so the terminal's counts are the reports' counts.
     */
    static final class ReportsOnDisk implements ReportPublisher {
        private final Set<Format> chosen;
        private volatile RunReport last;

        ReportsOnDisk(Set<String> formats) {
            this.chosen = formats.stream().map(Format::parse).collect(java.util.stream.Collectors.toCollection(
                    () -> java.util.EnumSet.noneOf(Format.class)));
        }

        @Override
        public List<Path> publish(Path dir) throws java.io.IOException {
            RunReport report = new EventLogReader().read(dir);
            last = report;
            return new ReportWriter().writeAll(report, dir, chosen);
        }

        RunReport last() {
            return last;
        }
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
