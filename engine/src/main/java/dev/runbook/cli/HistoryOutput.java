package dev.runbook.cli;

import dev.runbook.reports.text.Printable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.journal.JournalStatus;
import dev.runbook.journal.PastRun;
import dev.runbook.journal.StepCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@code runbook history} as an aligned table per target, or as JSON for scripts. */
final class HistoryOutput {
    private static final String[] HEADER = {"RUN", "RUNBOOK", "STATUS", "STARTED (UTC)", "TOOK", "STEPS", "TICKET", "ENV",
            "OPERATOR"};

    private HistoryOutput() {}

    static String text(List<HistoryCommand.TargetHistory> all) {
        StringBuilder sb = new StringBuilder();
        for (HistoryCommand.TargetHistory h : all) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(Printable.of("target " + h.target().name() + " (" + h.target().display() + "), journal "
                    + h.journal())).append('\n');
            if (h.error() != null) {
                sb.append("  (not read)\n");
                continue;
            }
            if (h.runs().isEmpty()) {
                sb.append("  no runs recorded\n");
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (PastRun r : h.runs()) {
                String status = r.cutInRollback() ? "interrupted in rollback"
                        : r.status().word() + (r.status() == JournalStatus.INTERRUPTED && r.cutAt() != null
                        ? " at " + r.cutAt().substring(r.cutAt().indexOf('/') + 1) : "");
                rows.add(new String[] {r.runId(), r.runbookId(), status, time(r.startedAt()),
                        took(r.startedAt(), r.endedAt()), steps(r.steps()), dash(r.ticket()), dash(r.environment()),
                        dash(r.operator())});
            }
            // A ticket or param may hold a terminal escape sequence: it is shown, never sent to the terminal.
            rows.replaceAll(row -> java.util.Arrays.stream(row).map(Printable::of).toArray(String[]::new));
            int[] width = new int[HEADER.length];
            for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append("  ").append(row[i]).append(" ".repeat(width[i] - row[i].length()));
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(List<HistoryCommand.TargetHistory> all) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (HistoryCommand.TargetHistory h : all) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", h.target().name());
            t.put("engine", h.target().engine());
            t.put("display", h.target().display());
            t.put("journal", h.journal());
            t.put("error", h.error());
            List<Map<String, Object>> runs = new ArrayList<>();
            for (PastRun r : h.runs()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run_id", r.runId());
                m.put("runbook", r.runbookId());
                m.put("runbook_checksum", r.runbookChecksum());
                m.put("plan_hash", r.planHash());
                m.put("status", r.status().word());
                m.put("started", r.startedAt() == null ? null : r.startedAt().toString());
                m.put("ended", r.endedAt() == null ? null : r.endedAt().toString());
                m.put("ticket", r.ticket());
                m.put("environment", r.environment());
                m.put("operator", r.operator());
                m.put("host", r.host());
                m.put("tool_version", r.toolVersion());
                m.put("detail", r.detail());
                m.put("cut_at", r.cutAt());
                StepCounts s = r.steps();
                m.put("steps", Map.of("total", s.total(), "succeeded", s.succeeded(), "failed", s.failed(),
                        "skipped", s.skipped(), "rolled_back", s.rolledBack(), "unfinished", s.unfinished()));
                runs.add(m);
            }
            t.put("runs", runs);
            targets.add(t);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("targets", targets)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("history cannot be written as JSON", e);
        }
    }

    private static String steps(StepCounts s) {
        List<String> parts = new ArrayList<>();
        if (s.succeeded() > 0) parts.add(s.succeeded() + " ok");
        if (s.failed() > 0) parts.add(s.failed() + " failed");
        if (s.skipped() > 0) parts.add(s.skipped() + " skipped");
        if (s.rolledBack() > 0) parts.add(s.rolledBack() + " rolled back");
        if (s.unfinished() > 0) parts.add(s.unfinished() + " unfinished");
        return s.total() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
    }

    private static String took(Instant start, Instant end) {
        if (start == null || end == null) return "-";
        Duration d = Duration.between(start, end);
        if (d.toMinutes() >= 1) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toSeconds() + "." + (d.toMillisPart() / 100) + "s";
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
