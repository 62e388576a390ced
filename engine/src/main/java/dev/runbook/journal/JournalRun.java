package dev.runbook.journal;

import java.time.Instant;

/**
 * Writes one run's rows into a {@link Journal}: call {@link #itemStarted} before an item runs and
 * {@link #itemFinished} after, then {@link #finished}. Each call returns once its row is committed.
 * Item keys are those of reports/EVENTS.md ({@code precondition/1}, {@code step/<id>}, {@code rollback/<id>}).
 */
public final class JournalRun {
    /** Detail of a step a resumed run skips because the run it resumes completed it; read back by resume. */
    static final String COMPLETED_BY = "completed by run ";

    private final Journal journal;
    private final RunRecord run;

    JournalRun(Journal journal, RunRecord run) {
        this.journal = journal;
        this.run = run;
    }

    public RunRecord run() {
        return run;
    }

    /** The item key of a step, as journaled and as {@link Journal#appliedOnce} looks it up. */
    public static String stepKey(String stepId) {
        return "step/" + stepId;
    }

    /**
     * Records the item as {@code started}; a retry of the same item updates its row back to {@code started}. The
     * insert comes first: almost every item starts once, so one statement (one commit) records it, and only a
     * retry, finding its row there, costs the update as well.
     */
    public void itemStarted(String rawKey, String rawChecksum) {
        String key = JournalTable.fit("item_key", rawKey);
        String checksum = JournalTable.fit("item_checksum", rawChecksum);
        if (journal.insertNew(run, key, kindOf(key), checksum, JournalStatus.STARTED, journal.now())) return;
        int changed = journal.update(journal.tableDef().restartSql(), "restart " + key,
                JournalStatus.STARTED.word(), checksum, null, run.runId(), key);
        if (changed == 0) {
            journal.insert(run, key, kindOf(key), checksum, JournalStatus.STARTED, journal.now(), null, null, null);
        }
    }

    /**
     * Records the item's outcome with the digest of its evidence (e.g. {@code sha256:...} of the evidence JSON)
     * and one sentence of detail; an item finished without having started gets a row of its own.
     */
    public void itemFinished(String rawKey, JournalStatus status, String rawDigest, String rawDetail) {
        String key = JournalTable.fit("item_key", rawKey);
        String evidenceDigest = JournalTable.fit("evidence_digest", rawDigest);
        String detail = JournalTable.fit("detail", rawDetail);
        int changed = journal.update(journal.tableDef().finishSql(), "record the outcome of " + key,
                status.word(), journal.now(), evidenceDigest, detail, run.runId(), key);
        if (changed == 0) {
            journal.insert(run, key, kindOf(key), null, status, journal.now(), journal.now(), evidenceDigest, detail);
        }
    }

    /**
     * Records the item as {@code succeeded} inside the transaction of the step itself, on the step's own
     * connection, so its change and this row commit together: a process killed after the commit still leaves a
     * journal that says the step was applied. The item's {@code started} row must already be committed;
     * {@link #itemFinished} adds the evidence afterwards.
     *
     * @return whether the row was there to update
     */
    public boolean itemSucceededInside(java.sql.Connection stepConnection, String rawKey) throws java.sql.SQLException {
        String key = JournalTable.fit("item_key", rawKey);
        return journal.updateInside(stepConnection, journal.tableDef().finishSql(), JournalStatus.SUCCEEDED.word(),
                journal.now(), null, JournalTable.fit("detail", COMMITTED_WITH_STEP), run.runId(), key) == 1;
    }

    /** An item recorded after it ended, with when it started and ended, for {@link #itemsRecorded}. */
    public record Recorded(String key, JournalStatus status, Instant started, Instant ended, String digest,
                           String detail) {}

    /**
     * Records items that already ended, all in one transaction with one commit. Only for items that change nothing
     * (an assert step's checks): no decision waits on their rows, so they need not be written before they run.
     */
    public void itemsRecorded(java.util.List<Recorded> items) {
        journal.recordAll(run, items);
    }

    /** Detail of a step row written inside the step's transaction, until the outcome with its evidence follows. */
    static final String COMMITTED_WITH_STEP = "committed with the step's own transaction";

    /** Records an item that never started ({@code when} false, {@code once} already applied, after an abort). */
    public void itemSkipped(String rawKey, String checksum, String rawReason) {
        String key = JournalTable.fit("item_key", rawKey);
        String reason = JournalTable.fit("detail", rawReason);
        int changed = journal.update(journal.tableDef().finishSql(), "record " + key + " as skipped",
                JournalStatus.SKIPPED.word(), journal.now(), null, reason, run.runId(), key);
        if (changed == 0) {
            Instant now = journal.now();
            journal.insert(run, key, kindOf(key), checksum, JournalStatus.SKIPPED, now, now, null, reason);
        }
    }

    /**
     * Records, in a resumed run, a step that the run it resumes completed, so that resuming this run in turn
     * skips it too without reading older runs.
     */
    public void itemCompletedEarlier(String key, String checksum, String earlierRunId) {
        itemSkipped(key, checksum, COMPLETED_BY + earlierRunId);
    }

    /**
     * Marks a step whose changes a rollback undid, so a {@code once} step counts as not applied and a resume
     * knows the run was compensated. The rollback itself is journaled as its own {@code rollback/<id>} item.
     */
    public void itemRolledBack(String key, String detail) {
        journal.update(journal.tableDef().statusSql(), "mark " + key + " as rolled back",
                JournalStatus.ROLLED_BACK.word(), JournalTable.fit("detail", detail), run.runId(),
                JournalTable.fit("item_key", key));
    }

    /** Marks the run as compensating, so a process killed now leaves a run that resume finishes rolling back. */
    public void rollingBack(String detail) {
        journal.update(journal.tableDef().statusSql(), "mark run " + run.runId() + " as rolling back",
                JournalStatus.ROLLING_BACK.word(), JournalTable.fit("detail", detail), run.runId(), "run");
    }

    /**
     * Records, inside the rollback body's own transaction, the rollback item as succeeded and the step it undoes as
     * rolled back, so a kill after the commit cannot make a resume compensate the step twice.
     */
    public void rolledBackInside(java.sql.Connection c, String rollbackKey, String stepKey) throws java.sql.SQLException {
        journal.updateInside(c, journal.tableDef().finishSql(), JournalStatus.SUCCEEDED.word(), journal.now(), null,
                JournalTable.fit("detail", COMMITTED_WITH_STEP), run.runId(), JournalTable.fit("item_key", rollbackKey));
        journal.updateInside(c, journal.tableDef().statusSql(), JournalStatus.ROLLED_BACK.word(),
                JournalTable.fit("detail", "rolled back by " + rollbackKey), run.runId(), JournalTable.fit("item_key", stepKey));
    }

    /** Records the run's outcome and one sentence about the state the target is left in. */
    public void finished(JournalStatus status, String detail) {
        journal.update(journal.tableDef().finishSql(), "record the outcome of run " + run.runId(),
                status.word(), journal.now(), null, JournalTable.fit("detail", detail), run.runId(), "run");
    }

    static String kindOf(String key) {
        return key.startsWith("rollback/") ? "rollback" : "step";
    }
}
