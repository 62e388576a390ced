package dev.runbook.journal;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the journal knows of one run, for resume: the runbook and plan it ran, its own status, and every
 * item row. An item still {@code started} after its run is over was interrupted by the process dying.
 */
public record RunState(String runId, String runbookId, String runbookChecksum, String planHash, JournalStatus status,
                       Instant startedAt, Instant endedAt, String detail, List<ItemState> items) {

    public RunState {
        items = List.copyOf(items);
    }

    /** Keys of items a resume skips: succeeded, or completed by the run this one resumed ({@link ItemState#completed}). */
    public Set<String> completedKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (ItemState i : items) if (i.completed()) out.add(i.key());
        return out;
    }

    /** Items that failed, were interrupted, or were left {@code started} by a process that died. */
    public List<ItemState> unfinished() {
        return items.stream().filter(i -> i.status() == JournalStatus.FAILED || i.status() == JournalStatus.INTERRUPTED
                || i.status() == JournalStatus.STARTED).toList();
    }

    /** Items whose changes a rollback compensated. */
    public List<ItemState> rolledBack() {
        return items.stream().filter(i -> i.status() == JournalStatus.ROLLED_BACK).toList();
    }

    /** Approvals given to this run while it waited, by step id. */
    public java.util.Map<String, RecordedApproval> approvals() {
        java.util.Map<String, RecordedApproval> out = new java.util.LinkedHashMap<>();
        for (ItemState i : items) {
            if (i.key().startsWith(RecordedApproval.KEY_PREFIX) && i.status() == JournalStatus.SUCCEEDED) {
                // The run paused for it when it ended: waiting for an approval is how it ended.
                RecordedApproval a = RecordedApproval.of(i, endedAt);
                out.put(a.stepId(), a);
            }
        }
        return out;
    }

    public Optional<ItemState> item(String key) {
        return items.stream().filter(i -> i.key().equals(key)).findFirst();
    }

    /**
     * This run as this journal and {@code other} (another target's) hold it, made one: for the run and each item, the
     * row that got further. Journals can disagree in two ways only: a transactional step's {@code succeeded} (and a
     * rollback body's {@code rolled_back}) row commits with the step in its own target's journal alone, and a process
     * killed while the journal session writes a row to each journal in turn leaves the later ones a write behind. An
     * item runs only after every journal says it {@code started}, so the further row is always the true one.
     */
    public RunState mergedWith(RunState other) {
        java.util.Map<String, ItemState> byKey = new java.util.LinkedHashMap<>();
        for (ItemState i : items) byKey.put(i.key(), i);
        for (ItemState i : other.items) byKey.merge(i.key(), i, (mine, theirs) -> itemRank(theirs) > itemRank(mine) ? theirs : mine);
        RunState further = runRank(other.status) > runRank(status) ? other : this;
        return new RunState(runId, runbookId, runbookChecksum, planHash, further.status, startedAt, further.endedAt,
                further.detail, List.copyOf(byKey.values()));
    }

    /** An item row goes started, then its outcome, then (when a rollback compensated it) rolled back. */
    private static int itemRank(ItemState i) {
        return i.status() == JournalStatus.STARTED ? 0 : i.status() == JournalStatus.ROLLED_BACK ? 2 : 1;
    }

    /** A run row goes started, then waiting or rolling back, then its outcome, then resumed (by a later run). */
    private static int runRank(JournalStatus s) {
        return switch (s) {
            case STARTED -> 0;
            case WAITING, ROLLING_BACK -> 1;
            case RESUMED -> 3;
            default -> 2;
        };
    }
}
