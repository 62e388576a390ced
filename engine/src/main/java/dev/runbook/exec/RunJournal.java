package dev.runbook.exec;

import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.PolicyCheck;
import dev.runbook.plan.SecretMasker;
import dev.runbook.reports.events.Event;
import dev.runbook.reports.events.ItemFinished;
import dev.runbook.reports.events.ItemSkipped;
import dev.runbook.reports.events.ItemStarted;
import dev.runbook.reports.events.LogMessage;
import dev.runbook.reports.events.MaskedJson;
import dev.runbook.reports.events.RollbackFinished;
import dev.runbook.reports.events.RollbackStarted;
import dev.runbook.reports.events.RunFinished;
import dev.runbook.reports.events.RunStarted;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.FileDigest;
import dev.runbook.reports.model.JsonMapping;
import dev.runbook.reports.model.LogLevel;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Policy;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunbookInfo;
import dev.runbook.reports.model.Status;
import dev.runbook.reports.model.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the executor does into the reports module's event records (reports/EVENTS.md), masking every
 * string on the way. Each method returns once its event is written, so a kill of this process loses none of them;
 * which events are also forced to disk before the run goes on is decided in {@link #forced}. Used by one run's
 * thread at a time.
 */
final class RunJournal {
    private static final int MAX_CAPTURE_TEXT = 2_000;

    private final EventSink sink;
    private final SecretMasker masker;
    private final ScriptStore scripts;
    private final MaskedJson json;
    private final Path runDir;
    private TargetJournal target;
    private Cancellation stopOnLoss;
    private String lost;

    RunJournal(EventSink sink, SecretMasker masker, Path runDir) {
        this.sink = sink;
        this.masker = masker;
        this.json = new MaskedJson(JsonMapping.newMapper(), masker::mask);
        this.scripts = new ScriptStore(runDir);
        this.runDir = runDir;
    }

    /**
     * From now on an event that cannot be written (a full disk, the folder gone) stops the run instead of ending it
     * on an internal error: the item's row still goes to the targets' journals, which then tell the truth on their
     * own (a step that committed is {@code succeeded} there, not {@code started}), the current step is cancelled,
     * and no further step starts; the run is recorded as interrupted, so {@code resume} continues it once there is
     * space. Events after the first lost one are not attempted.
     */
    void stopOnLoss(Cancellation cancellation) {
        this.stopOnLoss = cancellation;
    }

    /** Why the event log stopped taking events, or empty while it takes them. */
    java.util.Optional<String> lost() {
        return java.util.Optional.ofNullable(lost);
    }

    /** From now on every item is also recorded in the targets' journals, right after its event. */
    void recordIn(TargetJournal journal) {
        this.target = journal;
    }

    /** @param embeddedServer which server embedded targets run on and why, or null when none is embedded */
    void runStarted(Plan plan, RunOptions options, String runId, String rehearsalId, String embeddedServer) {
        RunbookInfo runbook = new RunbookInfo(plan.runbookId(), plan.title(), "1", plan.owner(), plan.description(),
                plan.runbookFile(), plan.runbookChecksum());
        List<FileDigest> files = plan.files().stream().map(f -> new FileDigest(f.path(), f.sha256())).toList();
        List<Target> targets = new ArrayList<>();
        for (PlannedTarget t : plan.targets().values()) {
            String display = t.embedded() && embeddedServer != null ? t.display() + " on " + embeddedServer : t.display();
            // How the run treats it (deferred, read only, journal elsewhere) belongs with it on every report.
            targets.add(new Target(t.name(), t.engine(), t.treatment().isEmpty() ? display : display + " (" + t.treatment() + ")"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        // As -p takes them back: resume re-plans with these, so the plan hash must come out the same.
        plan.params().forEach((k, v) -> params.put(k, v.secret() ? SecretMasker.MASK : v.asArgument()));
        List<Policy> policies = new ArrayList<>();
        for (PolicyCheck p : plan.policies()) policies.add(new Policy(p.name(), p.satisfied(), p.detail()));
        Mode mode = options.rehearse() ? Mode.REHEARSAL : options.resume() == null ? Mode.RUN : Mode.RESUME;
        emit(new RunStarted(new RunHeader(runId, mode, options.resume() == null ? null : options.resume().runId(),
                runbook, files, plan.ticket(), plan.environment(), options.operator(), options.host(),
                options.toolVersion(), plan.hash(), options.approvedPlan(), rehearsalId, targets, params, policies,
                plan.preconditions().size() + plan.steps().size())));
    }

    void itemStarted(Item item, int attempt) {
        // Masked before it is stored: the whole text lands in the run folder when it is long.
        emit(ItemStarted.of(item.key(), item.kind(), item.name(), item.stepKind(), item.target(),
                item.index(), item.parent(), evidence(item.text() == null ? null : masker.mask(item.text())),
                attempt), forced(item));
        if (target != null) target.itemStarted(item.key());
    }

    void itemFinished(String key, int attempt, ItemStatus status, String reason, long durationMs, String expected,
                      String actual, ActionResult result, ErrorInfo error) {
        ItemFinished finished = new ItemFinished(key, attempt, status.status(), reason, durationMs, expected, actual,
                result == null ? null : result.affected(), result == null ? null : result.evidence(),
                result == null ? null : result.output(), error,
                result == null || result.captures() == null ? Map.of() : bounded(result.captures()));
        emit(finished, false);
        if (target != null) {
            // The digest covers the masked evidence and captures as the log holds them.
            target.itemFinished(key, status, result == null ? null
                    : text(finished.evidence()) + "\n" + text(finished.captures()), masker.mask(reason));
        }
    }

    void itemSkipped(Item item, String reason) {
        emit(new ItemSkipped(item.key(), item.kind(), item.name(), item.stepKind(), item.target(),
                item.index(), reason), false);
        if (target != null) target.itemSkipped(item.key(), masker.mask(reason));
    }

    void rollbackStarted(String reason, List<String> keys) {
        emit(new RollbackStarted(reason, keys));
    }

    void rollbackFinished(boolean ok, List<String> remaining, String manualAction) {
        emit(new RollbackFinished(ok ? Status.OK : Status.FAILED, remaining, manualAction));
    }

    void log(String level, String message, String key) {
        emit(new LogMessage(LogLevel.fromWire(level), message, key), false);
    }

    void runFinished(RunOutcome outcome, long durationMs, String targetState) {
        emit(new RunFinished(outcome.outcome(), outcome.exitCode(), durationMs, targetState));
    }

    /** Captures as the log keeps them: long texts and lists cut, so one step cannot bloat the log. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> bounded(Map<String, Object> captures) {
        return (Map<String, Object>) bounded((Object) captures);
    }

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

    /** Writes the event with every string in it masked, and forces it to disk (see {@link #forced}). */
    private void emit(Event event) {
        emit(event, true);
    }

    /**
     * Whether an item's start is forced to disk before it runs: only where the run then waits on a person or the
     * clock (an approval, a wait), so the log on disk says what it waits for. Every other item event, skip and log
     * line is written but not forced; run start and end and the rollback phase's events are forced, and so is any
     * event written a second after the last forced one ({@link ReportsEventSink#MAX_UNFORCED_NANOS}). A kill of this
     * process loses nothing written; an operating-system crash can lose at most that last second of the log. What a
     * step changed is never decided from this log: its row in the target's journal commits with the step's own
     * transaction (or is written before and after a step that has none), and resume reads those rows.
     */
    private static boolean forced(Item item) {
        return "approval".equals(item.stepKind()) || "wait".equals(item.stepKind());
    }

    /**
     * Writes the event with every string in it masked, keys of captures and params included: {@link MaskedJson}
     * masks as it writes, so no field of any event type is missed.
     *
     * @param durable false to write the event without forcing it to disk (see {@link #forced}); it becomes durable
     *                with the next durable event
     */
    private void emit(Event event, boolean durable) {
        if (lost != null && stopOnLoss != null) return;
        try {
            if (durable) sink.append(event, json);
            else sink.appendLater(event, json);
        } catch (IOException e) {
            if (stopOnLoss == null) throw new UncheckedIOException("cannot write the run's event log: " + e.getMessage(), e);
            lose(e);
        }
    }

    /** A long step text kept in the run folder; when that cannot be written, the excerpt alone (and the run stops). */
    private String evidence(String maskedText) {
        try {
            return scripts.evidence(maskedText);
        } catch (UncheckedIOException e) {
            if (stopOnLoss == null) throw e;
            lose(e.getCause());
            return maskedText == null ? null : maskedText.substring(0, Math.min(maskedText.length(),
                    dev.runbook.model.Limits.SQL_EXCERPT_CHARS));
        }
    }

    private void lose(IOException e) {
        if (lost == null) {
            lost = "cannot write the run folder " + runDir + " (" + masker.mask(String.valueOf(e.getMessage()))
                    + "): the run is stopped; the targets' journals keep its record, so runbook resume continues it"
                    + " once the folder can be written";
        }
        stopOnLoss.stop(lost);
    }

    /** The masked evidence or captures as the journal's digest covers them: their JSON as the log holds it. */
    private String text(Object value) {
        try {
            return json.text(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
