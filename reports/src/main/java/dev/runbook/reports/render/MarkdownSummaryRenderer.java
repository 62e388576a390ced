package dev.runbook.reports.render;

import dev.runbook.reports.model.Policy;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.Status;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A few lines of Markdown for {@code $GITHUB_STEP_SUMMARY} or a pull-request comment: the verdict, the counts,
 * what failed, what a plan would be refused for, and the target's state. The full story stays in the reports.
 */
public final class MarkdownSummaryRenderer implements Renderer {
    private static final int MAX_LISTED = 5;
    private static final int MAX_VALUE = 200;

    @Override
    public void render(RunReport report, Writer out) throws IOException {
        RunHeader run = report.run();
        StringBuilder md = new StringBuilder(512);
        List<String> head = new ArrayList<>();
        head.add("**" + Formats.outcomeLabel(report.outcome()) + "**");
        if (run.runbook() != null) head.add(MarkdownText.code(run.runbook().id()));
        if (run.ticket() != null) head.add("ticket " + MarkdownText.text(run.ticket()));
        if (run.environment() != null) head.add(MarkdownText.text(run.environment()));
        if (report.exitCode() != null) head.add("exit " + report.exitCode());
        md.append(String.join(" · ", head)).append("\n\n");
        md.append(MarkdownText.text(report.counts().summary())).append('\n');
        List<String> lines = new ArrayList<>();
        if (report.planOnly()) {
            for (Policy p : run.policies()) {
                if (!p.satisfied()) lines.add("- policy " + MarkdownText.code(p.name()) + " not met: " + MarkdownText.text(
                        MarkdownText.shorten(p.detail(), MAX_VALUE)) + " (the run would be refused)");
            }
        }
        for (ReportItem item : report.flattened()) {
            boolean bad = item.status() == Status.FAILED || item.status() == Status.INTERRUPTED;
            boolean toldByChild = item.children().stream().anyMatch(c -> c.status() == Status.FAILED);
            if (bad && !toldByChild) {
                lines.add("- " + item.status().wire() + " " + MarkdownText.code(item.key())
                        + (item.reason() == null ? "" : ": " + MarkdownText.text(MarkdownText.shorten(item.reason(), MAX_VALUE))));
            }
        }
        if (!lines.isEmpty()) {
            md.append('\n');
            lines.subList(0, Math.min(MAX_LISTED, lines.size())).forEach(l -> md.append(l).append('\n'));
            if (lines.size() > MAX_LISTED) md.append("- … and ").append(lines.size() - MAX_LISTED).append(" more\n");
        }
        if (!report.planOnly()) md.append("\nTarget: ").append(MarkdownText.text(report.targetState())).append('\n');
        out.write(md.toString());
        out.flush();
    }
}
