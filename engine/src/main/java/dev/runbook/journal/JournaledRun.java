package dev.runbook.journal;

import dev.runbook.db.Dialect;
import dev.runbook.plan.PlannedTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One run's locks and journal rows on every database target of its plan, so the executor makes one call
 * per moment: {@link #start} before anything runs, {@link #itemStarted}/{@link #itemFinished} around each
 * item, {@link #once} before a {@code once} step, {@link #finish} at the end, {@link #close} always.
 * Every item is journaled in every target's journal, so any one target tells the whole story of a run.
 * Not thread-safe: used by the run's thread.
 */
public final class JournaledRun implements AutoCloseable {
    private final Map<String, TargetLock> locks;
    private final Map<String, Journal> journals;
    private final Map<String, JournalRun> runs;

    private JournaledRun(Map<String, TargetLock> locks, Map<String, Journal> journals, Map<String, JournalRun> runs) {
        this.locks = locks;
        this.journals = journals;
        this.runs = runs;
    }

    /**
     * Takes the run lock on every writable database target (in name order, all or none), then opens each journal
     * (creating it on first use) and writes the run's {@code started} row.
     *
     * @param connectors how to reach each target by name (the executor knows embedded and overridden targets)
     * @throws LockHeldException when a target is locked by another run; nothing is written anywhere then
     * @throws JournalVersionException when a target's journal is newer than this Runbook; locks are released
     */
    public static JournaledRun start(Map<String, PlannedTarget> targets, RunRecord run, Function<String, Connector> connectors,
                                     Duration lockTimeout, Clock clock) throws LockHeldException {
        Map<String, PlannedTarget> databases = new TreeMap<>();
        targets.forEach((name, t) -> {
            // A read_only target (a hot standby, a reporting replica) is only read: no lock, no journal there.
            if (t.isDatabase() && !t.readOnly()) databases.put(name, t);
        });
        Map<String, TargetLock> locks = new LinkedHashMap<>();
        Map<String, Journal> journals = new LinkedHashMap<>();
        Map<String, JournalRun> runs = new LinkedHashMap<>();
        try {
            for (PlannedTarget t : databases.values()) {
                locks.put(t.name(), TargetLock.acquire(connectors.apply(t.name()), Dialect.forEngine(t.engine()),
                        LockRequest.of(t, run.runbookId(), run.runId(), run.operator(), lockTimeout)));
            }
            for (PlannedTarget t : databases.values()) {
                Journal j = Journal.open(connectors.apply(t.name()), Dialect.forEngine(t.engine()), t.journalTable(), clock);
                journals.put(t.name(), j);
                runs.put(t.name(), j.begin(run));
            }
            return new JournaledRun(locks, journals, runs);
        } catch (LockHeldException | RuntimeException e) {
            new JournaledRun(locks, journals, runs).close();
            throw e;
        }
    }

    /** Names of the targets whose journals this run writes, in name order. */
    public List<String> targets() {
        return List.copyOf(journals.keySet());
    }

    public void itemStarted(String key, String checksum) {
        for (JournalRun r : runs.values()) r.itemStarted(key, checksum);
    }

    public void itemFinished(String key, JournalStatus status, String evidenceDigest, String detail) {
        for (JournalRun r : runs.values()) r.itemFinished(key, status, evidenceDigest, detail);
    }

    public void itemSkipped(String key, String checksum, String reason) {
        for (JournalRun r : runs.values()) r.itemSkipped(key, checksum, reason);
    }

    public void itemCompletedEarlier(String key, String checksum, String earlierRunId) {
        for (JournalRun r : runs.values()) r.itemCompletedEarlier(key, checksum, earlierRunId);
    }

    public void itemRolledBack(String key, String detail) {
        for (JournalRun r : runs.values()) r.itemRolledBack(key, detail);
    }

    /**
     * The once decision for a step, read from the journal of the step's target (or of the first database
     * target, for steps that have none, such as shell and http).
     *
     * @throws JournalException when the plan has no database target to keep the record in
     */
    public OnceDecision once(String stepTarget, String runbookId, String stepId, String checksum, boolean allowChanged) {
        Journal journal = journals.containsKey(stepTarget) ? journals.get(stepTarget)
                : journals.values().stream().findFirst().orElseThrow(() -> new JournalException("step '" + stepId
                        + "' is once: true, but the runbook has no database target whose journal could remember it", null));
        return OnceDecision.check(journal, runbookId, stepId, checksum, allowChanged);
    }

    /** The run as one target's journal holds it (for resume), or empty. */
    public Optional<RunState> runState(String target, String runId) {
        Journal j = journals.get(target);
        return j == null ? Optional.empty() : j.runState(runId);
    }

    /** Whether every lock's session is alive; a run should stop before its next step when one is not. */
    public boolean locksAlive() {
        return locks.values().stream().allMatch(TargetLock::alive);
    }

    /** Writes the run's outcome in every journal; a journal that fails does not keep the others from it. */
    public void finish(JournalStatus status, String detail) {
        JournalException first = null;
        for (JournalRun r : runs.values()) {
            try {
                r.finished(status, detail);
            } catch (JournalException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** Closes the journals and releases the locks, in reverse order. */
    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(journals.values());
        all.addAll(locks.values());
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Each closes its own session; the server drops what is left when the process ends.
            }
        }
    }
}
