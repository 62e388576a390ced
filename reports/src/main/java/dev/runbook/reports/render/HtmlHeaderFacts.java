package dev.runbook.reports.render;

import dev.runbook.reports.model.Counts;
import dev.runbook.reports.model.Tally;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.FileDigest;
import dev.runbook.reports.model.Policy;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.RunbookInfo;
import dev.runbook.reports.model.Status;
import dev.runbook.reports.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run-level facts of the HTML page: who, where, when, which runbook, and the tables about the run. */
final class HtmlHeaderFacts {

    private final RunReport report;
    private final RunHeader run;

    HtmlHeaderFacts(RunReport report) {
        this.report = report;
        this.run = report.run();
    }

    String title() {
        StringBuilder title = new StringBuilder(Formats.outcomeLabel(report.outcome()));
        RunbookInfo runbook = run.runbook();
        if (runbook != null && runbook.id() != null) {
            title.append(" · ").append(runbook.id());
        }
        if (run.ticket() != null) {
            title.append(" · ").append(run.ticket());
        }
        return title.toString();
    }

    List<HtmlView.Fact> facts() {
        List<HtmlView.Fact> facts = new ArrayList<>();
        add(facts, "Ticket", run.ticket(), false);
        add(facts, "Environment", run.environment(), false);
        add(facts, "Operator", run.operator(), false);
        add(facts, "Host", run.host(), false);
        add(facts, report.planOnly() ? "Planned" : "Started", Formats.when(report.startedAt()), false);
        if (!report.planOnly()) {
            add(facts, report.complete() ? "Finished" : "Last event", Formats.when(report.finishedAt()), false);
            add(facts, "Duration", Formats.duration(report.durationMs()), false);
            add(facts, "Exit code", report.exitCode() == null ? "none (no run.finished)"
                    : report.exitCode().toString(), true);
        }
        RunbookInfo runbook = run.runbook();
        if (runbook != null) {
            String version = runbook.version() == null ? "" : " v" + runbook.version();
            add(facts, "Runbook", HtmlPageBuilder.orUnknown(runbook.id()) + version
                    + (runbook.title() == null ? "" : " · " + runbook.title()), false);
            add(facts, "Runbook file", runbook.file(), true);
            add(facts, "Runbook checksum", runbook.checksum(), true);
            add(facts, "Owner", runbook.owner(), false);
            // A plan's reviewer approves the why as well as the what (the engine masked it when it built the plan).
            if (report.planOnly()) add(facts, "Description", runbook.description(), false);
        }
        add(facts, "Plan hash", run.planHash(), true);
        add(facts, "Approved plan", run.approvedPlan(), true);
        add(facts, "Rehearsal id", run.rehearsalId(), true);
        add(facts, "Run id", run.id(), true);
        add(facts, "Mode", run.mode().wire(), false);
        add(facts, "Resumes run", run.resumes(), true);
        add(facts, "Tool version", run.toolVersion(), true);
        return facts;
    }

    /** One chip per kind, worded by the shared counting rule ("5 steps: 2 ok, 1 failed, 2 skipped"). */
    List<HtmlView.Chip> counts() {
        Counts counts = report.counts();
        List<HtmlView.Chip> chips = new ArrayList<>();
        for (Kind kind : List.of(Kind.STEP, Kind.CHECK, Kind.ROLLBACK, Kind.PRECONDITION)) {
            Tally t = counts.of(kind);
            if (t.total() == 0) continue;
            chips.add(new HtmlView.Chip(tone(t).wire(), Counts.noun(kind, t.total()) + ": " + t.words(),
                    String.format(Locale.ROOT, "%,d", t.total())));
        }
        return chips;
    }

    /** The chip's colour: the most severe status present. */
    private static Status tone(Tally t) {
        for (Status s : List.of(Status.FAILED, Status.INTERRUPTED, Status.WARNED, Status.NOT_REHEARSED, Status.SKIPPED,
                Status.WOULD_SKIP, Status.WOULD_RUN)) {
            if (t.count(s) > 0) return s;
        }
        return Status.OK;
    }

    List<HtmlView.Fact> params() {
        List<HtmlView.Fact> params = new ArrayList<>();
        run.params().forEach((name, value) -> params.add(new HtmlView.Fact(name, value, true)));
        return params;
    }

    List<HtmlView.Row> targets() {
        List<HtmlView.Row> rows = new ArrayList<>();
        for (Target target : run.targets()) {
            rows.add(new HtmlView.Row(cells(target.name(), target.engine(), target.display()), ""));
        }
        return rows;
    }

    List<HtmlView.Row> files() {
        List<HtmlView.Row> rows = new ArrayList<>();
        for (FileDigest file : run.files()) {
            rows.add(new HtmlView.Row(cells(file.path(), file.sha256()), ""));
        }
        return rows;
    }

    List<HtmlView.Row> policies() {
        List<HtmlView.Row> rows = new ArrayList<>();
        for (Policy policy : run.policies()) {
            rows.add(new HtmlView.Row(cells(policy.name(), policy.satisfied() ? "satisfied" : "NOT satisfied",
                    policy.detail()), policy.satisfied() ? "" : "bad"));
        }
        return rows;
    }

    private static List<String> cells(String... values) {
        List<String> cells = new ArrayList<>(values.length);
        for (String value : values) {
            cells.add(value == null ? "" : value);
        }
        return cells;
    }

    private static void add(List<HtmlView.Fact> facts, String label, String value, boolean code) {
        if (value != null && !value.isBlank()) {
            facts.add(new HtmlView.Fact(label, value, code));
        }
    }
}
