package dev.runbook.fleet;

/** The Markdown fleet report, to paste into a ticket: totals, waves, one row per target. */
final class FleetMarkdown {
    private FleetMarkdown() {}

    static String render(FleetIndex index, FleetTotals totals) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Fleet run ").append(cell(index.fleetRunId())).append(": ").append(cell(index.runbookId())).append("\n\n");
        sb.append("- outcome: **").append(FleetHtml.outcome(index, totals)).append("** (exit ").append(index.exitCode())
                .append(")\n");
        sb.append("- environment: ").append(index.environment() == null ? "(none)" : cell(index.environment())).append(", shard ").append(cell(index.shard()))
                .append(", fleet hash `").append(index.fleetHash()).append("`\n");
        sb.append("- rollout: ").append(cell(index.rollout())).append("\n");
        sb.append("- targets: ").append(totals.targets());
        for (TargetStatus s : TargetStatus.values()) {
            if (totals.count(s) > 0) sb.append(", ").append(s.word().replace('_', ' ')).append(' ').append(totals.count(s));
        }
        sb.append("\n- error budget: ").append(totals.failures()).append(" failed of ").append(totals.budget())
                .append(" allowed (--max-errors ").append(cell(totals.budgetWritten())).append(")\n");
        if (index.durationMs() != null) sb.append("- duration: ").append(FleetHtml.seconds(index.durationMs())).append("\n");
        if (index.stopped() != null) sb.append("- **stopped:** ").append(cell(index.stopped())).append("\n");
        sb.append("\n| wave | targets | succeeded | failed | not started | skipped |\n|---|---|---|---|---|---|\n");
        for (FleetTotals.WaveTotals w : totals.waves()) {
            sb.append("| ").append(cell(w.name())).append(" | ").append(w.targets());
            for (TargetStatus s : new TargetStatus[] {TargetStatus.SUCCEEDED, TargetStatus.FAILED, TargetStatus.NOT_STARTED,
                    TargetStatus.SKIPPED}) {
                sb.append(" | ").append(w.byStatus().getOrDefault(s, 0));
            }
            sb.append(" |\n");
        }
        sb.append("\n| target | wave | status | exit | duration | run id | report | summary |\n|---|---|---|---|---|---|---|---|\n");
        for (FleetIndex.Entry e : index.targets()) {
            sb.append("| ").append(cell(e.name())).append(" | ").append(cell(e.wave())).append(" | ")
                    .append(e.status().word().replace('_', ' ')).append(" | ")
                    .append(e.exitCode() == null ? "" : e.exitCode()).append(" | ")
                    .append(e.durationMs() == null ? "" : FleetHtml.seconds(e.durationMs())).append(" | ")
                    .append(cell(e.runId())).append(" | ")
                    .append(e.report() == null ? "" : "[report](" + e.report().replace(" ", "%20").replace(")", "%29") + ")")
                    .append(" | ").append(cell(e.summary() != null ? e.summary() : e.note())).append(" |\n");
        }
        return sb.toString();
    }

    /** Text safe inside a table cell: no line breaks, no pipes, no markup. */
    static String cell(String s) {
        if (s == null) return "";
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("<", "&lt;")
                .replace("*", "\\*").replace("_", "\\_").replace("`", "\\`").replace("[", "\\[");
    }
}
