package dev.runbook.reports.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.reports.model.Attempt;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.LogEntry;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RollbackPhase;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a {@link RunReport} into the {@link HtmlView.Page} the template shows; one builder per page. */
final class HtmlPageBuilder {

    /** Above this many items a plan starts collapsed, so huge plans stay quick to open. */
    private static final int PLAN_OPEN_LIMIT = 500;

    /** Above this many items each bar would be a hair's width, so the bars are left out to keep the page small. */
    private static final int TIMELINE_BAR_LIMIT = 500;

    private final RunReport report;
    private final ObjectMapper mapper;
    private final Map<String, ReportItem> rollbackByStep = new HashMap<>();
    private final Map<String, String> anchors = new HashMap<>();
    private final Map<String, ReportItem> byKey = new HashMap<>();
    private final boolean bars;
    private final boolean openAll;
    private final long runMs;

    HtmlPageBuilder(RunReport report, ObjectMapper mapper) {
        this.report = report;
        this.mapper = mapper;
        for (ReportItem item : report.items()) {
            if (item.kind() == Kind.ROLLBACK) {
                rollbackByStep.put("step/" + item.key().substring(item.key().indexOf('/') + 1), item);
            }
        }
        for (ReportItem item : report.flattened()) {
            byKey.putIfAbsent(item.key(), item);
        }
        this.openAll = report.planOnly() && report.counts().total() <= PLAN_OPEN_LIMIT;
        this.bars = !report.planOnly() && report.items().size() <= TIMELINE_BAR_LIMIT;
        this.runMs = Math.max(1, report.durationMs());
    }

    HtmlView.Page build(String script, String scriptHash) {
        List<HtmlView.Attention> attention = attention();
        List<HtmlView.Item> timeline = new ArrayList<>();
        List<HtmlView.Item> rollbacks = new ArrayList<>();
        for (ReportItem item : report.items()) {
            (item.kind() == Kind.ROLLBACK ? rollbacks : timeline).add(item(item));
        }
        HtmlHeaderFacts header = new HtmlHeaderFacts(report);
        String logNote = report.logTotal() > report.logTail().size()
                ? "last " + report.logTail().size() + " of " + report.logTotal() + " log events" : null;
        String footer = "Rendered from events.jsonl"
                + (report.planOnly() ? " (plan: no event log)" : ", events 1 to " + report.lastSeq())
                + ". Report format " + JsonReportRenderer.REPORT_VERSION + ". Times are UTC.";
        return new HtmlView.Page(header.title(), report.run().mode().wire(), watermark(), watermarkNote(),
                Formats.outcomeLabel(report.outcome()), Formats.outcomeTone(report.outcome()),
                report.targetState(), header.facts(), header.counts(), report.warnings(), attention, timeline,
                rollback(rollbacks), header.params(), header.targets(), header.files(), header.policies(), logs(),
                logNote, footer, script, scriptHash, report.planOnly());
    }

    private String watermark() {
        if (report.run().mode() == Mode.REHEARSAL) {
            return "REHEARSAL";
        }
        return report.run().mode() == Mode.PLAN ? "DRY RUN / PLAN" : null;
    }

    private String watermarkNote() {
        if (report.run().mode() == Mode.REHEARSAL) {
            return "a practice run against " + orUnknown(report.run().environment())
                    + ", not the production change itself";
        }
        return report.run().mode() == Mode.PLAN ? "nothing was executed; this shows what a run would do" : null;
    }

    private List<HtmlView.Attention> attention() {
        List<HtmlView.Attention> list = new ArrayList<>();
        for (ReportItem item : report.flattened()) {
            if (needsAttention(item.status())) {
                String anchor = "i" + (anchors.size() + 1);
                anchors.put(item.key(), anchor);
                list.add(new HtmlView.Attention(anchor, item.key(), item.name(), item.status().wire(),
                        item.reason()));
            }
        }
        return list;
    }

    private HtmlView.Item item(ReportItem item) {
        List<HtmlView.Item> children = new ArrayList<>(item.children().size());
        boolean childNeedsAttention = false;
        for (ReportItem child : item.children()) {
            children.add(item(child));
            childNeedsAttention |= needsAttention(child.status());
        }
        List<HtmlView.Attempt> attempts = new ArrayList<>(item.attempts().size());
        for (Attempt attempt : item.attempts()) {
            HtmlView.Attempt view = attempt(attempt, item.attempts().size() > 1);
            if (!view.blank()) {
                attempts.add(view);
            }
        }
        boolean open = openAll || needsAttention(item.status()) || childNeedsAttention;
        String kind = item.stepKind() == null ? item.kind().wire() : item.stepKind();
        if (item.target() != null) {
            kind += " · " + item.target();
        }
        String reason = item.attempts().size() <= 1 || item.reason() == null ? item.reason() : null;
        String duration = report.planOnly() || item.attempts().isEmpty() ? null
                : unfinished(item) ? unfinishedDuration(item) : Formats.duration(item.durationMs());
        return new HtmlView.Item(anchors.get(item.key()), item.key(), item.name(), kind, item.status().wire(),
                Formats.statusLabel(item.status().wire()), open, duration, bar(item), note(item), reason,
                lines(item.text()), lines(item.rollbackText()), attempts,
                children.isEmpty() ? null : new HtmlView.Kids(children), details(item, false), details(item, true));
    }

    /**
     * A plan item's details for the step, or for its rollback: those labelled "rollback ..." (the report schema's
     * convention) are shown under the rollback's own heading, without the prefix.
     */
    private static List<HtmlView.Fact> details(ReportItem item, boolean ofRollback) {
        List<HtmlView.Fact> out = new ArrayList<>();
        for (var d : item.details()) {
            boolean rollback = d.label().equals("rollback") || d.label().startsWith("rollback ");
            if (rollback != ofRollback) continue;
            String label = !ofRollback ? d.label() : d.label().equals("rollback") ? "runs" : d.label().substring(9);
            out.add(new HtmlView.Fact(label, d.value(), false));
        }
        return out;
    }

    private String note(ReportItem item) {
        List<String> notes = new ArrayList<>(2);
        if (item.attempts().size() > 1) {
            notes.add(item.attempts().size() + " attempts");
        }
        Attempt last = item.lastAttempt();
        if (last != null && last.affected() != null) {
            notes.add(last.affected() + (last.affected() == 1 ? " row" : " rows"));
        }
        ReportItem rollback = rollbackByStep.get(item.key());
        if (item.kind() == Kind.STEP && rollback != null && rollback.status() != Status.SKIPPED) {
            notes.add(rollback.status() == Status.OK ? "rolled back" : "rollback " + rollback.status().wire());
        }
        return notes.isEmpty() ? null : String.join(" · ", notes);
    }

    private String bar(ReportItem item) {
        Attempt first = item.attempts().isEmpty() ? null : item.attempts().get(0);
        if (!bars || first == null || first.startedAt() == null || report.startedAt() == null) {
            return null;
        }
        double left = 100.0 * Duration.between(report.startedAt(), first.startedAt()).toMillis() / runMs;
        double width = 100.0 * (unfinished(item) ? elapsedMs(item) : item.durationMs()) / runMs;
        left = Math.max(0, Math.min(100, left));
        return "left:" + percent(left) + "%;width:" + percent(Math.min(100 - left, width)) + "%";
    }

    /** Up to two decimals without trailing zeros: 10,000 bars add up, so every byte counts. */
    private static String percent(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        text = text.contains(".") ? text.replaceAll("0+$", "") : text;
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** An attempt that never finished has no duration of its own; it ran at least until the log ended. */
    private static boolean unfinished(ReportItem item) {
        Attempt last = item.lastAttempt();
        return last != null && last.finishedAt() == null && last.startedAt() != null;
    }

    private String unfinishedDuration(ReportItem item) {
        long elapsed = elapsedMs(item);
        return elapsed == 0 ? "unfinished" : "≥ " + Formats.duration(elapsed) + ", unfinished";
    }

    private long elapsedMs(ReportItem item) {
        Attempt last = item.lastAttempt();
        long before = item.durationMs() - last.durationMs();
        return before + Math.max(0, Duration.between(last.startedAt(), report.finishedAt()).toMillis());
    }

    private HtmlView.Attempt attempt(Attempt a, boolean several) {
        String head = several ? "Attempt " + a.number() + ": " + Formats.statusLabel(a.status().wire()) + ", "
                + Formats.duration(a.durationMs()) : null;
        HtmlView.Expectation expectation = a.expected() == null && a.actual() == null ? null
                : new HtmlView.Expectation(orDash(a.expected()), orDash(a.actual()),
                        a.status() == Status.FAILED ? "bad" : "ok");
        HtmlView.Error error = a.error() == null ? null : new HtmlView.Error(a.error().message(),
                a.error().sqlState(), a.error().position() == null ? null : a.error().position().text());
        HtmlView.Output output = a.output() == null ? null
                : new HtmlView.Output(a.output().text(), a.output().truncated());
        List<HtmlView.Fact> captures = new ArrayList<>();
        a.captures().forEach((name, value) -> captures.add(new HtmlView.Fact(name, json(value), true)));
        return new HtmlView.Attempt(head, several ? a.reason() : null, expectation,
                several && a.affected() != null ? a.affected().toString() : null, error, evidence(a.evidence()), output,
                captures);
    }

    private static HtmlView.Table evidence(Evidence evidence) {
        if (evidence == null) {
            return null;
        }
        List<HtmlView.TableRow> rows = new ArrayList<>(evidence.rows().size());
        for (List<String> row : evidence.rows()) {
            List<HtmlView.Cell> cells = new ArrayList<>(row.size());
            for (String cell : row) {
                cells.add(cell == null ? new HtmlView.Cell("NULL", true) : new HtmlView.Cell(cell, false));
            }
            rows.add(new HtmlView.TableRow(cells));
        }
        String note = evidence.rows().size() + " of " + evidence.totalRows() + " rows shown"
                + (evidence.truncated() ? "; rows or long cells were cut by the engine's limits" : "");
        return new HtmlView.Table(evidence.columns(), rows, note);
    }

    private HtmlView.Rollback rollback(List<HtmlView.Item> items) {
        RollbackPhase phase = report.rollback();
        if (phase == null && items.isEmpty()) {
            return null;
        }
        List<HtmlView.Row> plan = new ArrayList<>();
        if (phase != null) {
            for (String key : phase.keys()) {
                ReportItem item = byKey.get(key);
                String status = item == null ? "not reached" : Formats.statusLabel(item.status().wire());
                String compensates = "step/" + key.substring(key.indexOf('/') + 1);
                plan.add(new HtmlView.Row(List.of(key, compensates, status),
                        phase.remaining().contains(key) ? "bad" : ""));
            }
        }
        String status = phase == null ? "none" : phase.status().wire();
        String label = phase == null ? "not started" : Formats.statusLabel(status);
        return new HtmlView.Rollback(status, label, phase == null ? null : phase.reason(),
                phase == null ? null : phase.manualAction(), phase == null ? List.of() : phase.remaining(), plan,
                items);
    }

    private List<HtmlView.Log> logs() {
        List<HtmlView.Log> logs = new ArrayList<>(report.logTail().size());
        for (LogEntry log : report.logTail()) {
            logs.add(new HtmlView.Log(log.seq(), Formats.when(log.ts()), log.level().wire(), log.key(),
                    log.message()));
        }
        return logs;
    }

    private static HtmlView.Lines lines(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        // A trailing newline would otherwise show as an empty numbered line.
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return new HtmlView.Lines(List.of(trimmed.split("\r?\n", -1)));
    }

    private String json(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static boolean needsAttention(Status status) {
        return status == Status.FAILED || status == Status.INTERRUPTED;
    }

    private static String orDash(String s) {
        return s == null ? "—" : s;
    }

    static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
