package dev.runbook.journal;

import java.time.Instant;

/** One item row of a run as the journal holds it; {@code status} is as stored (a dead run leaves {@code started}). */
public record ItemState(String key, String kind, JournalStatus status, String checksum, Instant startedAt,
                        Instant endedAt, String evidenceDigest, String detail) {

    /**
     * Whether a resume may skip it: it succeeded, or a resumed run recorded it as completed by the run it
     * resumed. Other skips ({@code when} false, once already applied, not reached after a failure) are decided
     * again on resume.
     */
    public boolean completed() {
        return status == JournalStatus.SUCCEEDED
                || (status == JournalStatus.SKIPPED && detail != null && detail.startsWith(JournalRun.COMPLETED_BY));
    }
}
