package dev.runbook.reports.events;

import dev.runbook.reports.model.Attempt;
import dev.runbook.reports.model.Counts;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.LogEntry;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RollbackPhase;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Folds events, in file order, into a {@link RunReport}; not thread-safe, one per read. */
final class RunReportAssembler {

    private RunHeader header;
    private Instant startedAt;
    private long lastSeq;
    private Instant lastTs;
    private String firstProblem;
    private final Map<String, ItemDraft> items = new HashMap<>();
    private final List<ItemDraft> roots = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private RollbackStarted rollbackStarted;
    private Instant rollbackStartedAt;
    private RollbackFinished rollbackFinished;
    private Instant rollbackFinishedAt;
    private RunFinished runFinished;
    private final Deque<LogEntry> logTail = new ArrayDeque<>();
    private int logTotal;

    void accept(LoggedEvent logged) {
        Event event = logged.event();
        if (header == null && !(event instanceof RunStarted)) {
            if (firstProblem == null) {
                firstProblem = "the first event is " + event.type() + ", not " + RunStarted.TYPE;
            }
            return;
        }
        lastSeq = logged.seq();
        lastTs = logged.ts();
        if (event instanceof RunStarted) {
            onRunStarted((RunStarted) event, logged.ts());
        } else if (event instanceof ItemStarted) {
            onItemStarted(((ItemStarted) event).item(), logged.ts());
        } else if (event instanceof ItemFinished) {
            onItemFinished((ItemFinished) event, logged.ts());
        } else if (event instanceof ItemSkipped) {
            onItemSkipped((ItemSkipped) event);
        } else if (event instanceof RollbackStarted) {
            rollbackStarted = (RollbackStarted) event;
            rollbackStartedAt = logged.ts();
        } else if (event instanceof RollbackFinished) {
            rollbackFinished = (RollbackFinished) event;
            rollbackFinishedAt = logged.ts();
        } else if (event instanceof LogMessage) {
            onLog((LogMessage) event, logged);
        } else if (event instanceof RunFinished) {
            runFinished = (RunFinished) event;
        }
    }

    RunReport build(List<String> readerWarnings) throws MalformedEventLogException {
        if (header == null) {
            throw new MalformedEventLogException(firstProblem != null ? firstProblem
                    : "the event log holds no complete " + RunStarted.TYPE + " event; there is nothing to report",
                    null);
        }
        List<String> allWarnings = new ArrayList<>(readerWarnings);
        allWarnings.addAll(warnings);
        List<ReportItem> built = new ArrayList<>(roots.size());
        for (ItemDraft root : roots) {
            built.add(root.build());
        }
        boolean complete = runFinished != null;
        long durationMs = complete ? runFinished.durationMs() : Duration.between(startedAt, lastTs).toMillis();
        Outcome outcome = complete ? runFinished.outcome() : Outcome.INTERRUPTED;
        Integer exitCode = complete ? runFinished.exitCode() : null;
        String targetState = complete ? runFinished.targetState() : interruptedTargetState();
        return new RunReport(header, startedAt, lastTs, outcome, exitCode, durationMs, targetState, complete,
                built, rollbackPhase(), Counts.of(built), new ArrayList<>(logTail), logTotal, lastSeq, allWarnings);
    }

    private void onRunStarted(RunStarted event, Instant ts) {
        if (header != null) {
            warnings.add("a second " + RunStarted.TYPE + " at seq " + lastSeq + " was ignored");
            return;
        }
        header = event.run();
        startedAt = ts;
    }

    private void onItemStarted(ItemStarted.Item item, Instant ts) {
        ItemDraft draft = draftFor(item.key(), item.kind(), item.parent());
        draft.describe(item.name(), item.stepKind(), item.target(), item.index(), item.text());
        draft.attempts.add(new AttemptDraft(item.attempt(), ts));
    }

    private void onItemFinished(ItemFinished finished, Instant ts) {
        ItemDraft draft = items.get(finished.key());
        if (draft == null) {
            warnings.add(finished.key() + " finished without having started; shown with what is known");
            draft = draftFor(finished.key(), kindFromKey(finished.key()), parentFromKey(finished.key()));
        }
        AttemptDraft attempt = draft.openAttempt(finished.attempt());
        if (attempt == null) {
            attempt = new AttemptDraft(finished.attempt(), null);
            draft.attempts.add(attempt);
        }
        attempt.finished = finished;
        attempt.finishedAt = ts;
    }

    private void onItemSkipped(ItemSkipped skipped) {
        // item.skipped carries no parent; the key convention step/<id>/check/<n> gives it.
        ItemDraft draft = draftFor(skipped.key(), skipped.kind(), parentFromKey(skipped.key()));
        draft.describe(skipped.name(), skipped.stepKind(), skipped.target(), skipped.index(), null);
        draft.skipReason = skipped.reason();
    }

    private void onLog(LogMessage log, LoggedEvent logged) {
        logTotal++;
        logTail.addLast(new LogEntry(logged.seq(), logged.ts(), log.level(), log.message(), log.key()));
        if (logTail.size() > RunReport.LOG_TAIL_LIMIT) {
            logTail.removeFirst();
        }
    }

    private ItemDraft draftFor(String key, Kind kind, String parentKey) {
        ItemDraft draft = items.get(key);
        if (draft != null) {
            return draft;
        }
        draft = new ItemDraft(key, kind, parentKey);
        items.put(key, draft);
        ItemDraft parent = parentKey == null ? null : items.get(parentKey);
        if (parent != null) {
            parent.children.add(draft);
        } else {
            roots.add(draft);
        }
        return draft;
    }

    private RollbackPhase rollbackPhase() {
        if (rollbackStarted == null && rollbackFinished == null) {
            return null;
        }
        String reason = rollbackStarted == null ? null : rollbackStarted.reason();
        List<String> keys = rollbackStarted == null ? List.of() : rollbackStarted.keys();
        if (rollbackFinished == null) {
            List<String> remaining = new ArrayList<>();
            for (String key : keys) {
                ItemDraft draft = items.get(key);
                if (draft == null || draft.build().status() != Status.OK) {
                    remaining.add(key);
                }
            }
            return new RollbackPhase(reason, keys, Status.INTERRUPTED, remaining, null, rollbackStartedAt, null);
        }
        return new RollbackPhase(reason, keys, rollbackFinished.status(), rollbackFinished.remaining(),
                rollbackFinished.manualAction(), rollbackStartedAt, rollbackFinishedAt);
    }

    private String interruptedTargetState() {
        List<String> inProgress = new ArrayList<>();
        for (ItemDraft draft : items.values()) {
            if (draft.openAttempt(-1) != null) {
                inProgress.add(draft.key);
            }
        }
        inProgress.sort(null);
        String where = rollbackStarted != null && rollbackFinished == null ? " during rollback" : "";
        return "interrupted" + where + ": the run stopped after event #" + lastSeq + " (" + lastTs
                + ") without finishing; the target may be partially changed"
                + (inProgress.isEmpty() ? "" : " (in progress: " + String.join(", ", inProgress) + ")");
    }

    static Kind kindFromKey(String key) {
        if (key.startsWith("precondition/")) {
            return Kind.PRECONDITION;
        }
        if (key.startsWith("rollback/")) {
            return Kind.ROLLBACK;
        }
        return key.contains("/check/") ? Kind.CHECK : Kind.STEP;
    }

    static String parentFromKey(String key) {
        int check = key.lastIndexOf("/check/");
        return key.startsWith("step/") && check > 0 ? key.substring(0, check) : null;
    }

    /** Mutable while events arrive; {@link #build} freezes it. */
    private static final class ItemDraft {
        final String key;
        final Kind kind;
        final String parent;
        String name;
        String stepKind;
        String target;
        Integer index;
        String text;
        String skipReason;
        final List<AttemptDraft> attempts = new ArrayList<>(1);
        final List<ItemDraft> children = new ArrayList<>(0);

        ItemDraft(String key, Kind kind, String parent) {
            this.key = key;
            this.kind = kind;
            this.parent = parent;
        }

        void describe(String newName, String newStepKind, String newTarget, Integer newIndex, String newText) {
            name = newName != null ? newName : name;
            stepKind = newStepKind != null ? newStepKind : stepKind;
            target = newTarget != null ? newTarget : target;
            index = newIndex != null ? newIndex : index;
            text = newText != null ? newText : text;
        }

        /** The latest unfinished attempt with this number, or any number when {@code number} is -1. */
        AttemptDraft openAttempt(int number) {
            for (int i = attempts.size() - 1; i >= 0; i--) {
                AttemptDraft attempt = attempts.get(i);
                if (attempt.finished == null && (number == -1 || attempt.number == number)) {
                    return attempt;
                }
            }
            return null;
        }

        ReportItem build() {
            List<Attempt> built = new ArrayList<>(attempts.size());
            long duration = 0;
            for (AttemptDraft attempt : attempts) {
                Attempt a = attempt.build();
                built.add(a);
                duration += a.durationMs();
            }
            List<ReportItem> nested = new ArrayList<>(children.size());
            for (ItemDraft child : children) {
                nested.add(child.build());
            }
            Attempt last = built.isEmpty() ? null : built.get(built.size() - 1);
            Status status = last == null ? Status.SKIPPED : last.status();
            String reason = last == null ? skipReason : last.reason();
            if (reason == null && last != null && last.error() != null) {
                reason = last.error().message();
            }
            return new ReportItem(key, kind, name != null ? name : key, stepKind, target, index, parent, text,
                    null, status, reason, duration, built, nested);
        }
    }

    /** One attempt while it may still be waiting for its {@code item.finished}. */
    private static final class AttemptDraft {
        final int number;
        final Instant startedAt;
        ItemFinished finished;
        Instant finishedAt;

        AttemptDraft(int number, Instant startedAt) {
            this.number = number;
            this.startedAt = startedAt;
        }

        Attempt build() {
            if (finished == null) {
                return new Attempt(number, startedAt, null, Status.INTERRUPTED,
                        "the run stopped before this attempt finished", 0, null, null, null, null, null, null,
                        null);
            }
            return new Attempt(number, startedAt, finishedAt, finished.status(), finished.reason(),
                    finished.durationMs(), finished.expected(), finished.actual(), finished.affected(),
                    finished.evidence(), finished.output(), finished.error(), finished.captures());
        }
    }
}
