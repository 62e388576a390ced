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
    private static final int MAX_ROWS = 100;
    private static final int MAX_NOTE = 120;

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
        md.append("- Counts: ").append(MarkdownText.text(report.counts().summary())).append('\n');
        md.append("\n**Target state:** ").append(MarkdownText.text(report.targetState())).append('\n');
        for (String warning : report.warnings()) {
            md.append("\n> **Note:** ").append(MarkdownText.text(warning)).append('\n');
        }
        problems(md, report);
        rollback(md, report.rollback());
        table(md, report);
        md.append(links(otherReports));
        out.write(md.toString());
        out.flush();
    }

    /** "Full reports: ..." with relative links to {@code others}, or nothing when there are none. */
    public static String links(List<Path> others) {
        if (others.isEmpty()) {
            return "";
        }
        // Relative links: the reports are written into one folder, so they resolve wherever it is attached or copied.
        List<String> links = new ArrayList<>();
        for (Path path : others) {
            String name = path.getFileName().toString();
            links.add("[" + MarkdownText.text(name) + "](<" + name.replace(">", "%3E") + ">)");
        }
        return "\nFull reports: " + String.join(" · ", links) + "\n";
    }

    private static void problems(StringBuilder md, RunReport report) {
        List<ReportItem> problems = new ArrayList<>();
        for (ReportItem item : report.flattened()) {
            // A step that failed because of its failed checks is told by those checks, not a second time.
            boolean toldByChild = item.children().stream().anyMatch(c -> bad(c.status()));
            if (bad(item.status()) && !toldByChild) {
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

    private static boolean bad(Status status) {
        return status == Status.FAILED || status == Status.INTERRUPTED;
    }

    /** One row per precondition, step and rollback in the order they were met; checks are counted, not listed. */
    private static void table(StringBuilder md, RunReport report) {
        if (report.items().isEmpty()) {
            return;
        }
        md.append("\n| # | item | kind | status | time | note |\n| ---: | --- | --- | --- | ---: | --- |\n");
        int row = 0;
        for (ReportItem item : report.items()) {
            if (++row > MAX_ROWS) {
                md.append("\n… and ").append(report.items().size() - MAX_ROWS).append(" more rows in the full report\n");
                break;
            }
            String kind = item.stepKind() == null ? item.kind().wire() : item.kind().wire() + " (" + item.stepKind() + ")";
            String note = item.reason() == null ? "" : MarkdownText.text(MarkdownText.shorten(item.reason(), MAX_NOTE));
            if (!item.children().isEmpty() && note.isEmpty()) {
                note = Counts.of(item.children()).summary();
            }
            md.append("| ").append(row).append(" | ").append(MarkdownText.cellCode(item.name() == null ? item.key() : item.name()))
                    .append(" | ").append(kind).append(" | ").append(Formats.statusLabel(item.status().wire()))
                    .append(" | ").append(report.planOnly() ? "" : Formats.duration(item.durationMs()))
                    .append(" | ").append(note).append(" |\n");
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

    private static void line(StringBuilder md, String label, String value) {
        if (value != null && !value.isBlank()) {
            md.append("- ").append(label).append(": ").append(MarkdownText.text(value)).append('\n');
        }
    }
}
