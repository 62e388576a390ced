package dev.runbook.reports.render;

import dev.runbook.reports.model.Attempt;
import dev.runbook.reports.model.Counts;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RollbackPhase;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.Status;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a short Markdown summary meant to be pasted as a ticket comment, pointing to the full reports. */
public final class MarkdownReportRenderer implements Renderer {

    private static final int MAX_LISTED = 20;
    private static final int MAX_VALUE = 300;

    private final List<Path> otherReports;

    /** A summary without links to other report files. */
    public MarkdownReportRenderer() {
        this(List.of());
    }

    /** A summary that lists where the other reports of the same run were written. */
    public MarkdownReportRenderer(List<Path> otherReports) {
        this.otherReports = List.copyOf(otherReports);
    }

    @Override
    public void render(RunReport report, Writer out) throws IOException {
        RunHeader run = report.run();
        StringBuilder md = new StringBuilder(2048);
        String runbook = run.runbook() == null ? "runbook" : MarkdownText.code(run.runbook().id()
                + (run.runbook().version() == null ? "" : " v" + run.runbook().version()));
        md.append("### ").append(Formats.outcomeLabel(report.outcome())).append(": ").append(runbook).append('\n');
        if (run.mode() == Mode.REHEARSAL) {
            md.append("\n**REHEARSAL**: a practice run, not the production change itself.\n");
        } else if (run.mode() == Mode.PLAN) {
            md.append("\n**DRY RUN / PLAN**: nothing was executed.\n");
        }
        if (report.rollback() != null && report.rollback().manualAction() != null) {
            // What a person must do now comes before everything else a ticket reader skims.
            md.append("\n**MANUAL ACTION REQUIRED:**\n").append(MarkdownText.quote(report.rollback().manualAction()));
        }
        md.append('\n');
        line(md, "Ticket", run.ticket());
        line(md, "Environment", run.environment());
        line(md, "Operator", run.operator() == null ? null
                : run.operator() + (run.host() == null ? "" : " on " + run.host()));
        if (!report.planOnly()) {
            md.append("- When: ").append(Formats.when(report.startedAt())).append(", took ")
                    .append(Formats.duration(report.durationMs())).append(", exit code ")
                    .append(report.exitCode() == null ? "none (interrupted)" : report.exitCode()).append('\n');
        }
        if (run.planHash() != null) {
            md.append("- Plan hash: ").append(MarkdownText.code(run.planHash())).append('\n');
        }
        md.append("- Items: ").append(counts(report.counts())).append('\n');
        md.append("\n**Target state:** ").append(MarkdownText.text(report.targetState())).append('\n');
        for (String warning : report.warnings()) {
            md.append("\n> **Note:** ").append(MarkdownText.text(warning)).append('\n');
        }
        problems(md, report);
        rollback(md, report.rollback());
        if (!otherReports.isEmpty()) {
            md.append("\nFull reports:\n");
            for (Path path : otherReports) {
                md.append("- ").append(MarkdownText.code(path.toString())).append('\n');
            }
        }
        out.write(md.toString());
        out.flush();
    }

    private static void problems(StringBuilder md, RunReport report) {
        List<ReportItem> problems = new ArrayList<>();
        for (ReportItem item : report.flattened()) {
            if (item.status() == Status.FAILED || item.status() == Status.INTERRUPTED) {
                problems.add(item);
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        md.append("\n**Failed or interrupted:**\n");
        for (ReportItem item : problems.subList(0, Math.min(MAX_LISTED, problems.size()))) {
            md.append("- ").append(item.status().wire()).append(' ').append(MarkdownText.code(item.key()))
                    .append(' ').append(MarkdownText.text(item.name()));
            if (item.reason() != null) {
                md.append(": ").append(MarkdownText.text(MarkdownText.shorten(item.reason(), MAX_VALUE)));
            }
            Attempt last = item.lastAttempt();
            if (last != null && (last.expected() != null || last.actual() != null)) {
                md.append(" (expected ").append(MarkdownText.code(MarkdownText.shorten(last.expected(), MAX_VALUE)))
                        .append(", actual ").append(MarkdownText.code(MarkdownText.shorten(last.actual(), MAX_VALUE)))
                        .append(')');
            }
            md.append('\n');
        }
        if (problems.size() > MAX_LISTED) {
            md.append("- … and ").append(problems.size() - MAX_LISTED).append(" more in the full report\n");
        }
    }

    private static void rollback(StringBuilder md, RollbackPhase phase) {
        if (phase == null) {
            return;
        }
        md.append("\n**Rollback:** ").append(Formats.statusLabel(phase.status().wire()));
        if (phase.reason() != null) {
            md.append(" (").append(MarkdownText.text(phase.reason())).append(')');
        }
        md.append('\n');
        if (!phase.remaining().isEmpty()) {
            md.append("- Not compensated: ");
            List<String> keys = new ArrayList<>();
            for (String key : phase.remaining()) {
                keys.add(MarkdownText.code(key));
            }
            md.append(String.join(", ", keys)).append('\n');
        }
    }

    private static String counts(Counts counts) {
        List<String> parts = new ArrayList<>();
        for (Status status : Status.values()) {
            int n = counts.count(status);
            if (n > 0) {
                parts.add(n + " " + Formats.statusLabel(status.wire()));
            }
        }
        return (parts.isEmpty() ? "none" : String.join(", ", parts)) + " (" + counts.total() + " in all)";
    }

    private static void line(StringBuilder md, String label, String value) {
        if (value != null && !value.isBlank()) {
            md.append("- ").append(label).append(": ").append(MarkdownText.text(value)).append('\n');
        }
    }
}
