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
        return start(targets, run, connectors, lockTimeout, clock, (Resuming) null);
    }

    /**
     * As {@link #start(Map, RunRecord, Function, Duration, Clock)}, for a resume of run {@code resumes} (or null):
     * under the locks, before this run's row is written, the earlier run is marked resumed by this one.
     *
     * @throws ResumeRefusedException when another run resumed it first; locks are released, nothing written
     */
    /**
     * What a resume asks of {@link #start}: the run it resumes, how long to wait for that run's sessions still busy on
     * a target to end, and where to say that it waits.
     */
    public record Resuming(String runId, Duration orphanWait, java.util.function.Consumer<String> notice) {}

    public static JournaledRun start(Map<String, PlannedTarget> targets, RunRecord run, Function<String, Connector> connectors,
                                     Duration lockTimeout, Clock clock, Resuming resumes) throws LockHeldException {
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
                journals.put(t.name(), Journal.open(connectors.apply(t.name()), Dialect.forEngine(t.engine()),
                        t.journalTable(), clock));
            }
            if (resumes != null) {
                awaitOrphans(journals, resumes);
                Optional<String> taken = new JournaledRun(locks, journals, runs).claimResume(resumes.runId(), run.runId());
                if (taken.isPresent()) throw new ResumeRefusedException(ResumeDecision.alreadyResumed("run " + resumes.runId(),
                        taken.get()).reason());
            }
            for (Map.Entry<String, Journal> j : journals.entrySet()) runs.put(j.getKey(), j.getValue().begin(run));
            return new JournaledRun(locks, journals, runs);
        } catch (LockHeldException | RuntimeException e) {
            new JournaledRun(locks, journals, runs).close();
            throw e;
        }
    }

    /**
     * Claims run {@code earlierRunId} for this resume in every journal that holds it (see {@link Journal#claimResume}).
     *
     * @return empty when claimed; else who resumed it first (this run must then not go on)
     */
    public Optional<String> claimResume(String earlierRunId, String runId) {
        for (Journal j : journals.values()) {
            Optional<String> taken = j.claimResume(earlierRunId, runId);
            if (taken.isPresent()) return taken;
        }
        return Optional.empty();
    }

    public void rollingBack(String detail) {
        for (JournalRun r : runs.values()) r.rollingBack(detail);
    }

    /** See {@link JournalRun#rolledBackInside}; in the journal of the rollback's own target. */
    public void rolledBackInside(String target, java.sql.Connection c, String rollbackKey, String stepKey)
            throws java.sql.SQLException {
        JournalRun r = runs.get(target);
        if (r != null) r.rolledBackInside(c, rollbackKey, stepKey);
    }

    /**
     * A killed run's statements can outlive its process on the server (the server only notices the dead client when
     * it next writes to it): a resume that started now would race them. Waits, saying so, until none is busy.
     *
     * @throws ResumeRefusedException when some are still busy after {@code orphanWait}, naming them
     */
    private static void awaitOrphans(Map<String, Journal> journals, Resuming resumes) {
        long deadline = System.nanoTime() + resumes.orphanWait().toNanos();
        boolean said = false;
        while (true) {
            Map<String, List<String>> busy = new TreeMap<>();
            journals.forEach((name, j) -> {
                List<String> s = j.activeSessions(resumes.runId());
                if (!s.isEmpty()) busy.put(name, s);
            });
            if (busy.isEmpty()) return;
            String what = busy.entrySet().stream().map(e -> "target '" + e.getKey() + "': " + String.join("; ", e.getValue()))
                    .reduce((a, b) -> a + "; " + b).orElse("");
            if (System.nanoTime() > deadline) {
                throw new ResumeRefusedException("cannot resume run " + resumes.runId() + ": its sessions are still busy"
                        + " after " + resumes.orphanWait().toSeconds() + " s (" + what + "); wait for them to end, or end"
                        + " them (pg_terminate_backend / KILL), then resume again");
            }
            if (!said) {
                resumes.notice().accept("waiting up to " + resumes.orphanWait().toSeconds() + " s for what run "
                        + resumes.runId() + " left running to end: " + what);
                said = true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResumeRefusedException("cannot resume run " + resumes.runId() + ": interrupted while waiting for"
                        + " its sessions to end (" + what + ")");
            }
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

    /** See {@link JournalRun#itemsRecorded}; in every target's journal. */
    public void itemsRecorded(List<JournalRun.Recorded> items) {
        for (JournalRun r : runs.values()) r.itemsRecorded(items);
    }

    /**
     * Writes a step's {@code succeeded} row in its own target's journal inside the step's transaction (see
     * {@link JournalRun#itemSucceededInside}); false when that target keeps no journal of this run.
     */
    public boolean itemSucceededInside(String target, java.sql.Connection stepConnection, String key)
            throws java.sql.SQLException {
        JournalRun r = runs.get(target);
        return r != null && r.itemSucceededInside(stepConnection, key);
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
        return lostLock().isEmpty();
    }

    /**
     * The first target (in name order) whose lock session has ended, so the server no longer holds its run lock
     * for this run; empty while every lock is held. Safe to call from a watchdog thread.
     */
    public Optional<String> lostLock() {
        for (TargetLock l : locks.values()) if (!l.alive()) return Optional.of(l.target());
        return Optional.empty();
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
