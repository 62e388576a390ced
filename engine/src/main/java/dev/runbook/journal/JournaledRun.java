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
 * Every item is journaled in every journal the run keeps (each writable target's own, unless it names another's
 * with {@code journal:}), so any one tells the whole story of a run; a {@code connect: lazy} target is locked and
 * given its journal at its first use ({@link #join}), and a restarted one is locked again ({@link #retake}).
 * Not thread-safe: used by the run's thread, except {@link #lostLock}, which the lock watch calls.
 */
public final class JournaledRun implements AutoCloseable {
    private final Map<String, TargetLock> locks;
    private final Map<String, Journal> journals;
    private final Map<String, JournalRun> runs;
    private final Map<String, PlannedTarget> targets;
    private final RunRecord record;
    private final Clock clock;
    /** Targets restarted by the current step: their lock sessions are expected to die, and are not watched. */
    private final java.util.Set<String> restarting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Every item row as written so far, so a target joined mid-run ({@code connect: lazy}) gets the whole story in
     * its journal too, not only what follows its first use.
     */
    private final Map<String, ItemRow> written = new LinkedHashMap<>();
    /** Whether a journal may still join (only then are rows kept in memory). */
    private final boolean mirrored;
    /** The run this one resumes, or null: a journal joined later marks it resumed too. */
    private String resumes;

    private record ItemRow(String kind, JournalStatus status, String checksum, java.time.Instant started,
                           java.time.Instant ended, String digest, String detail) {
        ItemRow with(JournalStatus s, java.time.Instant end, String newDigest, String newDetail) {
            return new ItemRow(kind, s, checksum, started, end, newDigest == null ? digest : newDigest,
                    newDetail == null ? detail : newDetail);
        }
    }

    private JournaledRun(Map<String, TargetLock> locks, Map<String, Journal> journals, Map<String, JournalRun> runs) {
        this(locks, journals, runs, Map.of(), null, Clock.systemUTC());
    }

    private JournaledRun(Map<String, TargetLock> locks, Map<String, Journal> journals, Map<String, JournalRun> runs,
                         Map<String, PlannedTarget> targets, RunRecord record, Clock clock) {
        // Locks are added by join (run thread) while the lock watch reads them.
        this.locks = java.util.Collections.synchronizedMap(locks);
        this.journals = journals;
        this.runs = runs;
        this.targets = targets;
        this.record = record;
        this.clock = clock;
        this.mirrored = targets.values().stream().anyMatch(t -> t.lazy() && t.keepsJournal());
    }

    /**
     * Takes the run lock on every writable database target not connected lazily (in name order, all or none), then
     * opens the journal of each that keeps its own (creating it on first use) and writes the run's {@code started} row.
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
            // A lazy one is locked and journaled at its first use (join).
            if (t.isDatabase() && !t.readOnly() && !t.lazy()) databases.put(name, t);
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
                if (!t.keepsJournal()) continue;
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
            JournaledRun started = new JournaledRun(locks, journals, runs, Map.copyOf(targets), run, clock);
            started.resumes = resumes == null ? null : resumes.runId();
            return started;
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
        if (mirrored) {
            java.time.Instant now = clock.instant();
            ItemRow was = written.get(key);
            written.put(key, new ItemRow(JournalRun.kindOf(key), JournalStatus.STARTED, checksum,
                    was == null ? now : was.started(), null, null, null));
        }
        for (JournalRun r : runs.values()) r.itemStarted(key, checksum);
    }

    public void itemFinished(String key, JournalStatus status, String evidenceDigest, String detail) {
        remember(key, status, evidenceDigest, detail, null);
        for (JournalRun r : runs.values()) r.itemFinished(key, status, evidenceDigest, detail);
    }

    /** See {@link JournalRun#itemsRecorded}; in every target's journal (and remembered for a lazy one joining later). */
    public void itemsRecorded(List<JournalRun.Recorded> items) {
        if (mirrored) {
            for (JournalRun.Recorded r : items) {
                ItemRow was = written.get(r.key());
                written.put(r.key(), new ItemRow(JournalRun.kindOf(r.key()), r.status(), was == null ? null : was.checksum(),
                        was == null ? r.started() : was.started(), r.ended(), r.digest(), r.detail()));
            }
        }
        for (JournalRun r : runs.values()) r.itemsRecorded(items);
    }

    private void remember(String key, JournalStatus status, String digest, String detail, String checksum) {
        if (!mirrored) return;
        java.time.Instant now = clock.instant();
        ItemRow was = written.get(key);
        written.put(key, was == null ? new ItemRow(JournalRun.kindOf(key), status, checksum, now, now, digest, detail)
                : was.with(status, now, digest, detail));
    }

    /**
     * Locks a {@code connect: lazy} target at its first use and, when it keeps its own journal, opens it and writes
     * the run's row and every item row so far, so it tells the whole story like the others. A no-op for a target
     * already joined, read-only or not lazy.
     *
     * @throws LockHeldException another run holds it; nothing was written there
     * @throws JournalException it cannot be reached, or its journal cannot be written (its lock is released then)
     */
    public void join(String name, Connector connector, Duration lockTimeout) throws LockHeldException {
        PlannedTarget t = targets.get(name);
        if (t == null || !t.lazy() || !t.isDatabase() || t.readOnly() || locks.containsKey(name)) return;
        Dialect dialect = Dialect.forEngine(t.engine());
        TargetLock lock = TargetLock.acquire(connector, dialect,
                LockRequest.of(t, record.runbookId(), record.runId(), record.operator(), lockTimeout));
        Journal journal = null;
        try {
            if (t.keepsJournal()) {
                journal = Journal.open(connector, dialect, t.journalTable(), clock);
                if (resumes != null) {
                    Optional<String> taken = journal.claimResume(resumes, record.runId());
                    if (taken.isPresent()) {
                        throw new ResumeRefusedException(ResumeDecision.alreadyResumed("run " + resumes, taken.get()).reason());
                    }
                }
                JournalRun r = journal.begin(record);
                for (Map.Entry<String, ItemRow> e : written.entrySet()) {
                    ItemRow row = e.getValue();
                    journal.insert(record, e.getKey(), row.kind(), row.checksum(), row.status(), row.started(), row.ended(),
                            row.digest(), row.detail());
                }
                journals.put(name, journal);
                runs.put(name, r);
            }
        } catch (RuntimeException e) {
            if (journal != null) journal.close();
            lock.close();
            throw e;
        }
        locks.put(name, lock);
    }

    /** Whether the target's run lock is held by this run now (false for a lazy target not used yet). */
    public boolean joined(String name) {
        return locks.containsKey(name);
    }

    /** The step about to run restarts this target: its lock session will die, which is then no loss to report. */
    public void restarting(String name) {
        if (locks.containsKey(name)) restarting.add(name);
    }

    /**
     * After a step restarted a target: takes its run lock again (waiting up to {@code within} for the target to
     * answer), then checks the journal that records it for rows of other runs written since {@code since}, and that
     * it still holds this run.
     *
     * @return empty when the lock is this run's again and nobody else ran in between; else what happened
     * @throws LockHeldException another run holds the lock now
     * @throws JournalException the target did not answer within {@code within}
     */
    public Optional<String> retake(String name, Connector connector, Duration lockTimeout, Duration within,
                                   java.time.Instant since) throws LockHeldException {
        TargetLock old = locks.get(name);
        if (old == null) return Optional.empty();
        try {
            old.close();
            PlannedTarget t = targets.get(name);
            LockRequest request = LockRequest.of(t, record.runbookId(), record.runId(), record.operator(), lockTimeout);
            long deadline = System.nanoTime() + within.toNanos();
            TargetLock lock;
            while (true) {
                try {
                    lock = TargetLock.acquire(connector, Dialect.forEngine(t.engine()), request);
                    break;
                } catch (JournalException down) {
                    if (System.nanoTime() > deadline) throw down;
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw down;
                    }
                }
            }
            locks.put(name, lock);
        } finally {
            restarting.remove(name);
        }
        Journal keeper = journalOf(name);
        if (keeper == null) return Optional.empty();
        if (keeper.runState(record.runId()).isEmpty()) {
            return Optional.of("the journal " + keeper.table() + " that records target '" + name + "' no longer holds run "
                    + record.runId() + " after the restart (was the database replaced?)");
        }
        List<String> others = keeper.otherRunsSince(record.runId(), since);
        if (others.isEmpty()) return Optional.empty();
        return Optional.of("while target '" + name + "' restarted, another run wrote to its journal (" + String.join(", ", others)
                + "), so its run lock was taken by someone else in between");
    }

    /** The journal that records a target's steps: its own, the one it names, or the first (for steps without one). */
    private Journal journalOf(String target) {
        PlannedTarget t = target == null ? null : targets.get(target);
        if (t != null && journals.containsKey(t.name())) return journals.get(t.name());
        if (t != null && t.journalIn() != null && journals.containsKey(t.journalIn())) return journals.get(t.journalIn());
        return journals.values().stream().findFirst().orElse(null);
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
        remember(key, JournalStatus.SKIPPED, null, reason, checksum);
        for (JournalRun r : runs.values()) r.itemSkipped(key, checksum, reason);
    }

    public void itemCompletedEarlier(String key, String checksum, String earlierRunId) {
        for (JournalRun r : runs.values()) r.itemCompletedEarlier(key, checksum, earlierRunId);
    }

    public void itemRolledBack(String key, String detail) {
        ItemRow was = mirrored ? written.get(key) : null;
        if (was != null) written.put(key, was.with(JournalStatus.ROLLED_BACK, was.ended(), null, detail));
        for (JournalRun r : runs.values()) r.itemRolledBack(key, detail);
    }

    /**
     * The once decision for a step, read from the journal of the step's target (or of the first database
     * target, for steps that have none, such as shell and http).
     *
     * @throws JournalException when the plan has no database target to keep the record in
     */
    public OnceDecision once(String stepTarget, String runbookId, String stepId, String checksum, boolean allowChanged) {
        Journal journal = journalOf(stepTarget);
        if (journal == null) {
            throw new JournalException("step '" + stepId
                    + "' is once: true, but the runbook has no database target whose journal could remember it", null);
        }
        return OnceDecision.check(journal, runbookId, stepId, checksum, allowChanged);
    }

    /**
     * The run as all its journals hold it, merged by the rule resume uses ({@link RunState#mergedWith}): a step's
     * in-transaction row is in its own target's journal alone, so the first journal can be a write behind.
     */
    public Optional<RunState> runState(String runId) {
        return journals.values().stream().map(j -> j.runState(runId)).flatMap(Optional::stream)
                .reduce(RunState::mergedWith);
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
        List<TargetLock> held;
        synchronized (locks) {
            held = new ArrayList<>(locks.values());
        }
        for (TargetLock l : held) if (!restarting.contains(l.target()) && !l.alive()) return Optional.of(l.target());
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
        synchronized (locks) {
            all.addAll(locks.values());
        }
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
