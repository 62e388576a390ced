package dev.runbook.exec;

import dev.runbook.plan.SecretMasker;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.PolicyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the executor does into the events of reports/EVENTS.md, masking every value on the way;
 * each method returns only once its event is durable. Used by one run's thread at a time.
 */
final class RunJournal {
    private static final int MAX_CAPTURE_TEXT = 2_000;

    private final EventSink sink;
    private final SecretMasker masker;
    private final ScriptStore scripts;
    private TargetJournal target;

    RunJournal(EventSink sink, SecretMasker masker, Path runDir) {
        this.sink = sink;
        this.masker = masker;
        this.scripts = new ScriptStore(runDir);
    }

    /** From now on every item is also recorded in the targets' journals, right after its event. */
    void recordIn(TargetJournal journal) {
        this.target = journal;
    }

    void runStarted(Plan plan, RunOptions options, String runId, String rehearsalId) {
        Map<String, Object> runbook = new LinkedHashMap<>();
        runbook.put("id", plan.runbookId());
        runbook.put("title", plan.title());
        runbook.put("version", 1);
        runbook.put("owner", plan.owner());
        runbook.put("description", plan.description());
        runbook.put("file", plan.runbookFile());
        runbook.put("checksum", plan.runbookChecksum());
        List<Map<String, Object>> files = new ArrayList<>();
        plan.files().forEach(f -> files.add(map("path", f.path(), "sha256", f.sha256())));
        List<Map<String, Object>> targets = new ArrayList<>();
        for (PlannedTarget t : plan.targets().values()) {
            targets.add(map("name", t.name(), "engine", t.engine(), "display", t.display()));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        plan.params().forEach((k, v) -> params.put(k, v.secret() ? SecretMasker.MASK
                : v.value() == null ? null : String.valueOf(v.value())));
        List<Map<String, Object>> policies = new ArrayList<>();
        for (PolicyCheck p : plan.policies()) {
            policies.add(map("name", p.name(), "satisfied", p.satisfied(), "detail", p.detail()));
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("mode", options.rehearse() ? "rehearsal" : options.resume() == null ? "run" : "resume");
        run.put("resumes", options.resume() == null ? null : options.resume().runId());
        run.put("runbook", runbook);
        run.put("files", files);
        run.put("ticket", plan.ticket());
        run.put("environment", plan.environment());
        run.put("operator", options.operator());
        run.put("host", options.host());
        run.put("tool_version", options.toolVersion());
        run.put("plan_hash", plan.hash());
        run.put("approved_plan", options.approvedPlan());
        run.put("rehearsal_id", rehearsalId);
        run.put("targets", targets);
        run.put("params", params);
        run.put("policies", policies);
        run.put("item_count", plan.preconditions().size() + plan.steps().size());
        emit(map("type", "run.started", "run", run));
    }

    void itemStarted(Item item, int attempt) {
        Map<String, Object> it = new LinkedHashMap<>();
        it.put("key", item.key());
        it.put("kind", item.kind());
        it.put("name", item.name());
        it.put("step_kind", item.stepKind());
        it.put("target", item.target());
        it.put("index", item.index());
        it.put("parent", item.parent());
        // Masked before it is stored: the whole text lands in the run folder when it is long.
        it.put("text", scripts.evidence(item.text() == null ? null : masker.mask(item.text())));
        it.put("attempt", attempt);
        emit(map("type", "item.started", "item", it));
        if (target != null) target.itemStarted(item.key());
    }

    void itemFinished(String key, int attempt, ItemStatus status, String reason, long durationMs, String expected,
                      String actual, ActionResult result, ErrorInfo error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "item.finished");
        e.put("key", key);
        e.put("attempt", attempt);
        e.put("status", status.word());
        e.put("reason", reason);
        e.put("duration_ms", durationMs);
        e.put("expected", expected);
        e.put("actual", actual);
        e.put("affected", result == null ? null : result.affected());
        e.put("evidence", result == null || result.evidence() == null ? null : evidence(result.evidence()));
        e.put("output", result == null || result.output() == null ? null
                : map("text", result.output().text(), "truncated", result.output().truncated()));
        e.put("error", error == null ? null
                : map("message", error.message(), "sql_state", error.sqlState(), "position", error.position()));
        e.put("captures", result == null || result.captures() == null ? Map.of() : bounded(result.captures()));
        Map<String, Object> masked = emit(e);
        if (target != null) {
            Object evidence = masked.get("evidence");
            target.itemFinished(key, status, evidence == null && result == null ? null
                    : String.valueOf(evidence) + "\n" + masked.get("captures"), (String) masked.get("reason"));
        }
    }

    void itemSkipped(Item item, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "item.skipped");
        e.put("key", item.key());
        e.put("kind", item.kind());
        e.put("name", item.name());
        e.put("step_kind", item.stepKind());
        e.put("target", item.target());
        e.put("index", item.index());
        e.put("reason", reason);
        emit(e);
        if (target != null) target.itemSkipped(item.key(), masker.mask(reason));
    }

    void rollbackStarted(String reason, List<String> keys) {
        emit(map("type", "rollback.started", "reason", reason, "keys", keys));
    }

    void rollbackFinished(boolean ok, List<String> remaining, String manualAction) {
        emit(map("type", "rollback.finished", "status", ok ? "ok" : "failed", "remaining", remaining,
                "manual_action", manualAction));
    }

    void log(String level, String message, String key) {
        emit(map("type", "log", "level", level, "message", message, "key", key));
    }

    void runFinished(RunOutcome outcome, long durationMs, String targetState) {
        emit(map("type", "run.finished", "outcome", outcome.word(), "exit_code", outcome.exitCode(),
                "duration_ms", durationMs, "target_state", targetState));
    }

    private static Map<String, Object> evidence(Evidence ev) {
        return map("columns", ev.columns(), "rows", ev.rows(), "total_rows", ev.totalRows(), "truncated", ev.truncated());
    }

    /** Captures as the log keeps them: long texts and lists cut, so one step cannot bloat the log. */
    private static Object bounded(Object v) {
        if (v instanceof String s) return s.length() <= MAX_CAPTURE_TEXT ? s : s.substring(0, MAX_CAPTURE_TEXT) + "…";
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), bounded(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size() && i < Evidence.MAX_ROWS; i++) out.add(bounded(l.get(i)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> emit(Map<String, Object> event) {
        try {
            Map<String, Object> masked = (Map<String, Object>) maskDeep(event);
            sink.append(masked);
            return masked;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's event log: " + e.getMessage(), e);
        }
    }

    /** Every string inside the event, keys included, goes through the masker. */
    private Object maskDeep(Object value) {
        if (value instanceof String str) return masker.mask(str);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(masker.mask(String.valueOf(k)), maskDeep(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(maskDeep(o));
            return out;
        }
        return value;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
