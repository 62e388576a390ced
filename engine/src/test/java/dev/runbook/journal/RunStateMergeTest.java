package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two targets' journals of one run, made one for resume: the row that got further wins, item by item. */
class RunStateMergeTest {
    private static final Instant T = Instant.parse("2026-12-02T06:00:00Z");

    private static ItemState item(String key, JournalStatus status) {
        return new ItemState(key, "step", status, "c", T, status == JournalStatus.STARTED ? null : T, null, null);
    }

    private static RunState run(JournalStatus status, ItemState... items) {
        return new RunState("r1", "rb", "sum", "hash", status, T, null, status.word(), List.of(items));
    }

    @Test
    void eachItemTakesTheFurtherRowWhicheverJournalHoldsIt() {
        RunState a = run(JournalStatus.STARTED, item("step/s1", JournalStatus.SUCCEEDED), item("step/s2", JournalStatus.STARTED),
                item("step/s3", JournalStatus.SUCCEEDED));
        RunState b = run(JournalStatus.RESUMED, item("step/s1", JournalStatus.STARTED), item("step/s2", JournalStatus.SUCCEEDED),
                item("step/s3", JournalStatus.ROLLED_BACK));
        for (RunState merged : List.of(a.mergedWith(b), b.mergedWith(a))) {
            assertEquals(java.util.Set.of("step/s1", "step/s2"), merged.completedKeys());
            assertEquals(JournalStatus.ROLLED_BACK, merged.item("step/s3").orElseThrow().status());
            assertEquals(JournalStatus.RESUMED, merged.status(), "resumed in one journal: resumed, never resumable again");
        }
    }

    @Test
    void aFailedAttemptIsNotTurnedBackIntoUnknownByAJournalThatIsAWriteBehind() {
        RunState a = run(JournalStatus.ROLLING_BACK, item("step/s1", JournalStatus.FAILED));
        RunState b = run(JournalStatus.STARTED, item("step/s1", JournalStatus.STARTED));
        assertEquals(JournalStatus.FAILED, b.mergedWith(a).item("step/s1").orElseThrow().status());
        assertEquals(JournalStatus.ROLLING_BACK, b.mergedWith(a).status());
    }
}
