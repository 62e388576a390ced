package dev.runbook.reports.model;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** How many items (preconditions, steps, checks and rollbacks, nested ones included) ended in each status. */
public record Counts(int total, int ok, int failed, int skipped, int warned, int interrupted, int notRehearsed,
                     int wouldRun, int wouldSkip) {

    /** Counts the given items and, recursively, their nested checks. */
    public static Counts of(Collection<ReportItem> items) {
        Map<Status, Integer> tally = new EnumMap<>(Status.class);
        tallyInto(items, tally);
        int total = tally.values().stream().mapToInt(Integer::intValue).sum();
        return new Counts(total, n(tally, Status.OK), n(tally, Status.FAILED), n(tally, Status.SKIPPED),
                n(tally, Status.WARNED), n(tally, Status.INTERRUPTED), n(tally, Status.NOT_REHEARSED),
                n(tally, Status.WOULD_RUN), n(tally, Status.WOULD_SKIP));
    }

    /** The count for one status. */
    public int count(Status status) {
        switch (status) {
            case OK: return ok;
            case FAILED: return failed;
            case SKIPPED: return skipped;
            case WARNED: return warned;
            case INTERRUPTED: return interrupted;
            case NOT_REHEARSED: return notRehearsed;
            case WOULD_RUN: return wouldRun;
            case WOULD_SKIP: return wouldSkip;
            default: throw new IllegalArgumentException(status.wire());
        }
    }

    private static void tallyInto(Collection<ReportItem> items, Map<Status, Integer> tally) {
        for (ReportItem item : items) {
            tally.merge(item.status(), 1, Integer::sum);
            tallyInto(item.children(), tally);
        }
    }

    private static int n(Map<Status, Integer> tally, Status status) {
        return tally.getOrDefault(status, 0);
    }
}
