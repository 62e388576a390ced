package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.reports.Format;
import dev.runbook.attach.AttachException;
import dev.runbook.attach.Attacher;
import dev.runbook.attach.Ticket;
import dev.runbook.reports.ReportWriter;
import dev.runbook.reports.render.MarkdownSummaryRenderer;
import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders a run folder's reports again from its event log (a killed run's too, marked interrupted). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render the reports of a run again from its run folder's event log (events.jsonl).",
                "A log cut short by a killed process renders too, as an interrupted run."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (runs/<run-id>).")
    Path runDir;

    @Option(names = "--format", paramLabel = "FORMATS", split = ",",
            description = "html, json, md, junit; repeatable or comma-separated (default: all).")
    List<String> formats = List.of("html", "json", "md", "junit");

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write them (default: the run folder).")
    Path out;

    @Option(names = "--attach", paramLabel = "TICKET_URL", description = "Also put the HTML, JSON and Markdown reports on"
            + " the change ticket: a Jira issue (https://HOST/browse/KEY-1: attachments and a comment), a ServiceNow"
            + " change request (https://HOST/change_request.do?sys_id=ID: attachments and a work note) or a GitHub pull"
            + " request or issue (a comment). Credentials from the environment: RUNBOOK_JIRA_TOKEN (and RUNBOOK_JIRA_USER),"
            + " RUNBOOK_SERVICENOW_USER and RUNBOOK_SERVICENOW_PASSWORD, GITHUB_TOKEN.")
    String attach;

    @Option(names = "--summary", description = "Print a few lines of Markdown (verdict, counts, failures, target state) to"
            + " stdout instead of writing files: for $GITHUB_STEP_SUMMARY or a pull-request comment.")
    boolean summary;

    @Override
    public Integer call() throws IOException {
        Set<Format> chosen = EnumSet.noneOf(Format.class);
        for (String f : formats) {
            try {
                chosen.add(Format.parse(f));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        // The ticket and its credentials are checked before anything is written or sent.
        Ticket ticket = null;
        if (attach != null) {
            try {
                ticket = Ticket.parse(attach);
                Attacher.check(ticket, System.getenv());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--attach: " + e.getMessage());
            }
            chosen.addAll(List.of(Format.HTML, Format.JSON, Format.MD));
        }
        Path log = runDir.resolve("events.jsonl");
        if (!Files.isRegularFile(log)) {
            throw InvalidInputException.of(Diagnostic.error("RB413", Position.of(runDir.toString()),
                    Files.isDirectory(runDir) ? "not a run folder: it holds no events.jsonl" : "no such run folder",
                    "give the folder run printed (\"run folder: runs/<run-id>\")"));
        }
        RunReport report = new EventLogReader().read(runDir);
        if (summary) {
            new MarkdownSummaryRenderer().render(report, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        List<Path> written = new ReportWriter().writeAll(report, out != null ? out : runDir, chosen);
        for (Path p : written) {
            spec.commandLine().getOut().println("report: " + p);
        }
        spec.commandLine().getOut().flush();
        if (ticket == null) return ExitCodes.OK;
        List<Path> files = written.stream().filter(p -> !p.getFileName().toString().endsWith(".xml")).toList();
        java.io.StringWriter summaryText = new java.io.StringWriter();
        new MarkdownSummaryRenderer().render(report, summaryText);
        String names = String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList());
        try {
            for (String line : new Attacher().attach(ticket, files, summaryText + "\nReports: " + names + " (run "
                    + report.run().id() + ")\n", System.getenv())) {
                spec.commandLine().getOut().println(line);
            }
        } catch (AttachException e) {
            spec.commandLine().getErr().println("runbook: could not attach the reports: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        } finally {
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
