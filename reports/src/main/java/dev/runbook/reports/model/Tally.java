package dev.runbook.reports.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How many items of one group ended in each status. */
public record Tally(int total, int ok, int failed, int skipped, int warned, int interrupted, int notRehearsed,
                    int wouldRun, int wouldSkip) {

    static Tally of(Map<Status, Integer> byStatus) {
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        return new Tally(total, n(byStatus, Status.OK), n(byStatus, Status.FAILED), n(byStatus, Status.SKIPPED),
                n(byStatus, Status.WARNED), n(byStatus, Status.INTERRUPTED), n(byStatus, Status.NOT_REHEARSED),
                n(byStatus, Status.WOULD_RUN), n(byStatus, Status.WOULD_SKIP));
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

    /** Items that did not run: skipped, not rehearsed, or (in a plan) would be skipped. */
    public int notRun() {
        return skipped + notRehearsed + wouldSkip;
    }

    /** "2 ok, 1 failed, 2 skipped": the statuses present, in the order of {@link Status}. */
    public String words() {
        List<String> parts = new ArrayList<>();
        for (Status status : Status.values()) {
            int n = count(status);
            if (n > 0) parts.add(n + " " + status.wire().replace('_', ' '));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static int n(Map<Status, Integer> tally, Status status) {
        return tally.getOrDefault(status, 0);
    }
}
