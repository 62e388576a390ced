package dev.runbook.exec;

import dev.runbook.db.Dialect;
import dev.runbook.journal.Connector;
import dev.runbook.journal.JournalRun;
import dev.runbook.journal.JournalStatus;
import dev.runbook.journal.JournaledRun;
import dev.runbook.journal.LockHeldException;
import dev.runbook.journal.OnceDecision;
import dev.runbook.journal.RunRecord;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.text.Hashes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The run's record inside its database targets: the run lock held for the whole run, and a journal row
 * per item written before it runs and after it ends, each committed on its own connection (see
 * {@link JournaledRun}). An assert step's checks change nothing, so their rows wait and are committed together, with
 * one commit, before the journal's next record (their step's outcome at the latest). A plan without database targets
 * has nothing to lock or journal. Used by the run's thread.
 */
final class TargetJournal implements AutoCloseable {
    private final JournaledRun run;
    private final Map<String, String> stepChecksums = new HashMap<>();
    private final String runbookId;
    private final String runId;
    /** A rehearsal keeps only its run row: its steps applied nothing, so no once step may count them. */
    private final boolean items;
    /**
     * How long a resume waits for the statements a dead run left running on a target before it refuses, unless
     * --lock-timeout (the wait for whatever holds the target) says otherwise.
     */
    static final Duration ORPHAN_WAIT = Duration.ofSeconds(30);
    /**
     * How long a target restarted by a step ({@code restarts_target}) may take to answer again before the run gives
     * up taking its lock back.
     */
    static final Duration RESTART_WAIT = Duration.ofMinutes(2);
    private volatile String lost;
    private final java.time.Clock clock;
    /** Checks that ended and when each started, waiting for {@link #flushChecks}. */
    private final java.util.List<JournalRun.Recorded> checks = new java.util.ArrayList<>();
    private final Map<String, java.time.Instant> checkStarts = new HashMap<>();
    private String unrecorded;
    private java.util.concurrent.ScheduledExecutorService watch;
    private final Map<String, PlannedTarget> planned;
    private TargetConnections connections;
    private Duration lockTimeout = Duration.ZERO;
    private java.util.function.Consumer<String> notice = line -> { };

    private TargetJournal(JournaledRun run, Plan plan, String runId, boolean items, java.time.Clock clock) {
        this.run = run;
        this.clock = clock;
        this.runId = runId;
        this.items = items;
        this.planned = plan.targets();
        this.runbookId = plan.runbookId();
        for (PlannedStep s : plan.steps()) stepChecksums.put(JournalRun.stepKey(s.id()), s.checksum());
    }

    static TargetJournal none(Plan plan) {
        return new TargetJournal(null, plan, null, false, java.time.Clock.systemUTC());
    }

    /**
     * Locks every database target and writes the run's {@code started} row in each journal.
     *
     * @throws LockHeldException another run holds a target (exit 5); nothing was written anywhere
     */
    static TargetJournal start(Plan plan, RunOptions options, String runId, TargetConnections connections)
            throws LockHeldException {
        if (plan.targets().values().stream().noneMatch(PlannedTarget::isDatabase)) return none(plan);
        RunRecord record = new RunRecord(runId, plan.runbookId(), plan.runbookChecksum(), plan.hash(), plan.ticket(),
                plan.environment(), options.operator(), options.host(), options.toolVersion());
        JournaledRun run = JournaledRun.start(plan.targets(), record, name -> connector(connections, name),
                options.lockTimeout(), options.clock(), options.resume() == null ? null
                        : new JournaledRun.Resuming(options.resume().runId(),
                                options.lockTimeout().isZero() ? ORPHAN_WAIT : options.lockTimeout(),
                                notice -> options.progress().message("warn", notice, true)));
        TargetJournal journal = new TargetJournal(run, plan, runId, !options.rehearse(), options.clock());
        journal.connections = connections;
        journal.lockTimeout = options.lockTimeout();
        connections.beforeFirstUse(journal::join);
        return journal;
    }

    /**
     * Takes the run lock of a {@code connect: lazy} target at its first use, and opens its journal with every row
     * so far; nothing for other targets or once joined. Called before any session of a step opens there.
     *
     * @throws StepFailure CONNECTION when the target cannot be reached yet (a wait may poll again); INVALID when
     *                     another run holds it, which also stops the run as a lost lock does (exit 5)
     */
    void join(String target) throws StepFailure {
        PlannedTarget t = target == null ? null : planned.get(target);
        if (run == null || t == null || !t.lazy() || !t.isDatabase() || t.readOnly() || run.joined(target)) return;
        // Its journal is written with every row so far: the checks' waiting rows too.
        flushChecks();
        try {
            run.join(target, connector(connections, target), lockTimeout);
        } catch (LockHeldException e) {
            synchronized (this) {
                if (lost == null) lost = "target '" + target + "' (connected at its first use) is locked: " + e.getMessage();
            }
            throw new StepFailure(FailureKind.INVALID, lost);
        } catch (dev.runbook.journal.JournalVersionException | dev.runbook.journal.ResumeRefusedException e) {
            throw new StepFailure(FailureKind.INVALID, e.getMessage());
        } catch (RuntimeException e) {
            throw new StepFailure(FailureKind.CONNECTION, "target '" + target + "' (connect: lazy) could not be locked at"
                    + " its first use: " + e.getMessage(), null, null, null, e);
        }
        notice.accept("target '" + target + "' connected at its first use: run lock taken"
                + (t.keepsJournal() ? ", journal opened with this run's rows so far" : ""));
    }

    /** Where to say that a lazy target was joined or a restarted one re-locked (the run's log and console). */
    void notices(java.util.function.Consumer<String> to) {
        this.notice = to;
    }

    /** The next step restarts {@code target}: its lock session's end is expected, not a loss. */
    void restarting(String target) {
        if (run != null) run.restarting(target);
    }

    /**
     * After a step that restarted {@code target}: takes its run lock again and checks that no other run wrote to its
     * journal since {@code since}. When another run did, or holds the lock now, the lock counts as lost (the run stops
     * before its next item, exit 5).
     *
     * @return the step's failure when the target did not answer again within {@link #RESTART_WAIT}
     */
    java.util.Optional<StepFailure> restarted(String target, java.time.Instant since) {
        if (run == null || !run.joined(target)) return java.util.Optional.empty();
        try {
            java.util.Optional<String> other = run.retake(target, connector(connections, target), lockTimeout,
                    RESTART_WAIT, since);
            if (other.isPresent()) {
                synchronized (this) {
                    if (lost == null) lost = other.get();
                }
            } else {
                notice.accept("target '" + target + "' restarted: run lock taken again, no other run in between");
            }
            return java.util.Optional.empty();
        } catch (LockHeldException e) {
            synchronized (this) {
                if (lost == null) lost = "after its restart, target '" + target + "' is locked by another run: " + e.getMessage();
            }
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (lost == null) lost = "the run lock on target '" + target + "' could not be taken again after its restart";
            }
            return java.util.Optional.of(new StepFailure(FailureKind.CONNECTION, "target '" + target + "' did not answer"
                    + " within " + dev.runbook.text.HumanDuration.of(RESTART_WAIT) + " after its restart, so its run lock"
                    + " could not be taken again: " + e.getMessage(), null, null, null, e));
        }
    }

    /** Lock and journal sessions carry the run's name too, so a holder can be found in pg_stat_activity. */
    private static Connector connector(TargetConnections connections, String name) {
        try {
            return connections.connector(name).journal();
        } catch (StepFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    void itemStarted(String key) {
        if (run == null || !items) return;
        if (Item.isCheck(key)) {
            checkStarts.put(key, clock.instant());
            return;
        }
        flushChecks();
        record(() -> run.itemStarted(key, stepChecksums.get(key)));
    }

    void itemFinished(String key, ItemStatus status, String evidence, String detail) {
        if (run == null || !items) return;
        String digest = evidence == null ? null : "sha256:" + Hashes.sha256(evidence);
        JournalStatus outcome = JournalStatus.ofItemEvent(status.word());
        if (Item.isCheck(key)) {
            java.time.Instant ended = clock.instant();
            java.time.Instant started = checkStarts.remove(key);
            checks.add(new JournalRun.Recorded(key, outcome, started != null ? started : ended, ended, digest, detail));
            return;
        }
        flushChecks();
        record(() -> {
            run.itemFinished(key, outcome, digest, detail);
            if (key.startsWith("rollback/") && status == ItemStatus.OK) {
                run.itemRolledBack(JournalRun.stepKey(key.substring("rollback/".length())), "rolled back by " + key);
            }
        });
    }

    /**
     * Makes one journal write. When it fails and a run lock is gone too (the server restarted or went down, the
     * link broke), the run stops as a lost lock, and the write is not the news: nothing more may run, and what the
     * journal lacks is what a dead run's journal lacks (a row {@code started}, which resume handles). A journal
     * write failing while every lock holds is a fault of its own and is thrown.
     */
    private void record(Runnable write) {
        try {
            write.run();
        } catch (dev.runbook.journal.JournalException e) {
            if (lostLock().isEmpty()) throw e;
            if (unrecorded == null) unrecorded = e.getMessage();
        }
    }

    /** The first journal write that failed after the lock was lost, or empty. */
    java.util.Optional<String> unrecorded() {
        return java.util.Optional.ofNullable(unrecorded);
    }

    /**
     * Journals a transactional step as succeeded inside its own transaction, just before it commits, so the
     * change and its record cannot part (a kill between them leaves both or neither).
     */
    void succeededInside(String target, java.sql.Connection stepConnection, String key) throws java.sql.SQLException {
        flushChecks();
        if (run != null && items) run.itemSucceededInside(target, stepConnection, key);
    }

    /**
     * Commits the checks' waiting rows, in one transaction per journal. Called before every other record, so the
     * journal keeps the order of events: a step's checks are there before its outcome.
     */
    void flushChecks() {
        if (checks.isEmpty()) return;
        java.util.List<JournalRun.Recorded> waiting = java.util.List.copyOf(checks);
        checks.clear();
        record(() -> run.itemsRecorded(waiting));
    }

    /** The run row says "rolling back" from the first compensation on, until the run's outcome replaces it. */
    void rollingBack(String why) {
        flushChecks();
        if (run != null && items) run.rollingBack(why);
    }

    /** A rollback body's success and its step's "rolled back", committed with the body's own transaction. */
    void rolledBackInside(String target, java.sql.Connection c, String rollbackKey) throws java.sql.SQLException {
        flushChecks();
        if (run != null && items) {
            run.rolledBackInside(target, c, rollbackKey, JournalRun.stepKey(rollbackKey.substring("rollback/".length())));
        }
    }

    void itemSkipped(String key, String reason) {
        flushChecks();
        if (run != null && items) record(() -> run.itemSkipped(key, stepChecksums.get(key), reason));
    }

    void completedEarlier(PlannedStep step, String earlierRunId) {
        flushChecks();
        if (run != null && items) {
            record(() -> run.itemCompletedEarlier(JournalRun.stepKey(step.id()), step.checksum(), earlierRunId));
        }
    }

    /** Whether a once step runs, is skipped as already applied, or is refused as changed. */
    OnceDecision once(PlannedStep step, boolean allowChanged) {
        if (run == null) {
            return new OnceDecision.Run("no database target keeps a journal, so once cannot be checked");
        }
        return run.once(step.target(), runbookId, step.id(), step.checksum(), allowChanged);
    }

    /**
     * The latest successful rehearsal of exactly this plan in a database target's journal, read before the run
     * starts so its report can name it; a target that cannot be read now simply has none to offer.
     */
    static java.util.Optional<String> latestRehearsal(Plan plan, TargetConnections connections) {
        for (PlannedTarget t : plan.targets().values()) {
            if (!t.keepsJournal() || t.lazy() || "true".equals(t.settings().get("embedded"))) continue;
            try (dev.runbook.journal.Journal j = dev.runbook.journal.Journal.open(
                    connector(connections, t.name()), Dialect.forEngine(t.engine()),
                    t.journalTable(), java.time.Clock.systemUTC())) {
                java.util.Optional<String> found = j.latestRehearsal(plan.runbookId(), plan.hash());
                if (found.isPresent()) return found;
            } catch (RuntimeException unreadable) {
                // The run itself will say what is wrong with this target when it takes its lock.
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * This run's item rows as its journals hold them now, merged as resume merges them, read back for the
     * target-state line; empty when no journal keeps item rows (no database target, or a rehearsal).
     *
     * @throws RuntimeException when the journal cannot be read
     */
    java.util.Optional<dev.runbook.journal.RunState> recorded() {
        if (run == null || !items || run.targets().isEmpty()) return java.util.Optional.empty();
        flushChecks();
        return run.runState(runId);
    }

    /** Whether the sessions holding the locks are still alive (a lost lock means another run may start). */
    boolean locksAlive() {
        return lostLock().isEmpty();
    }

    /**
     * Checks, with a round trip on each lock's own session, that every run lock is still held, and says what
     * happened when one is not. Once lost, a lock stays lost: it is never taken again, since another run may
     * have taken it in between. Called before every item, on connection errors and by the lock watch.
     */
    java.util.Optional<String> lostLock() {
        String known = lost;
        if (known != null || run == null) return java.util.Optional.ofNullable(known);
        java.util.Optional<String> target = run.lostLock();
        target.ifPresent(t -> {
            synchronized (this) {
                if (lost == null) {
                    lost = "the run lock on target '" + t + "' was lost (its database session ended: terminated,"
                            + " or the server restarted), so another run may be active there";
                }
            }
        });
        return java.util.Optional.ofNullable(lost);
    }

    /** What {@link #lostLock} found, without asking the server again (empty while no loss was seen). */
    java.util.Optional<String> knownLostLock() {
        return java.util.Optional.ofNullable(lost);
    }

    /**
     * Checks the locks every {@code period} on a thread of its own (a frozen lock session must not hold up the
     * step timers) and calls {@code onLost} once with what happened, so a long step is cancelled too.
     */
    void watchLocks(Duration period, java.util.function.Consumer<String> onLost) {
        if (run == null || watch != null) return;
        watch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runbook-lock-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(() -> lostLock().ifPresent(why -> {
            onLost.accept(why);
            watch.shutdown();
        }), period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Writes the run's outcome. A run that lost its lock is recorded as interrupted, so it can be resumed once
     * the operator has checked what the other run did; a run that never took the lock has no row to finish.
     */
    void finish(RunOutcome outcome, String detail) {
        if (run == null || outcome == RunOutcome.INVALID) return;
        flushChecks();
        if (outcome == RunOutcome.LOCKED) {
            if (lost != null) record(() -> run.finish(JournalStatus.INTERRUPTED, detail));
            return;
        }
        run.finish(JournalStatus.ofRunOutcome(outcome.word()), detail);
    }

    @Override
    public void close() {
        if (watch != null) watch.shutdownNow();
        try {
            flushChecks();
        } catch (RuntimeException unwritable) {
            // Only checks' evidence is lost; the run's own rows say what it did.
        }
        if (run != null) run.close();
    }
}
