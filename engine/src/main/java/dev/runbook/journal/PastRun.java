package dev.runbook.journal;

import java.time.Instant;

/**
 * One past (or running) run as a target's journal records it, for {@code runbook history}; {@code cutAt} is the
 * step still marked started (where a killed run stopped), or null.
 */
public record PastRun(String runId, String runbookId, String runbookChecksum, String planHash, String ticket,
                      String environment, String operator, String host, String toolVersion, JournalStatus status,
                      Instant startedAt, Instant endedAt, String detail, StepCounts steps, String cutAt) {

    /** Detail of a run whose process ended while it was compensating; resume finishes its rollback. */
    public static final String CUT_IN_ROLLBACK = "interrupted while rolling back";

    /** Whether the run died mid-rollback (its journal row still said rolling back when no session held its lock). */
    public boolean cutInRollback() {
        return status == JournalStatus.INTERRUPTED && detail != null && detail.startsWith(CUT_IN_ROLLBACK);
    }
}
