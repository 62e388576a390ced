package dev.runbook.reports.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one counting rule every output uses: items are counted per kind (steps are the top-level steps;
 * checks are an assert step's checks, counted apart from their step; rollbacks and preconditions apart
 * again), and the totals over all kinds are the sums of those. A failed check and its failed step are two
 * items of two kinds, so no output calls them "2 failed steps".
 */
public record Counts(int total, int ok, int failed, int skipped, int warned, int interrupted, int notRehearsed,
                     int wouldRun, int wouldSkip, Tally steps, Tally checks, Tally rollbacks, Tally preconditions) {

    /** Counts the given items and, recursively, their nested checks. */
    public static Counts of(Collection<ReportItem> items) {
        Map<Kind, Map<Status, Integer>> byKind = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) byKind.put(k, new EnumMap<>(Status.class));
        tallyInto(items, byKind);
        Map<Status, Integer> all = new EnumMap<>(Status.class);
        byKind.values().forEach(m -> m.forEach((s, n) -> all.merge(s, n, Integer::sum)));
        Tally t = Tally.of(all);
        return new Counts(t.total(), t.ok(), t.failed(), t.skipped(), t.warned(), t.interrupted(), t.notRehearsed(),
                t.wouldRun(), t.wouldSkip(), Tally.of(byKind.get(Kind.STEP)), Tally.of(byKind.get(Kind.CHECK)),
                Tally.of(byKind.get(Kind.ROLLBACK)), Tally.of(byKind.get(Kind.PRECONDITION)));
    }

    /** The count for one status over all kinds. */
    public int count(Status status) {
        return new Tally(total, ok, failed, skipped, warned, interrupted, notRehearsed, wouldRun, wouldSkip).count(status);
    }

    /** The tally of one kind. */
    public Tally of(Kind kind) {
        switch (kind) {
            case STEP: return steps;
            case CHECK: return checks;
            case ROLLBACK: return rollbacks;
            case PRECONDITION: return preconditions;
            default: throw new IllegalArgumentException(kind.wire());
        }
    }

    /**
     * The sentence every output prints: "5 steps: 2 ok, 1 failed, 2 skipped; 2 checks: 1 ok, 1 failed;
     * 2 rollbacks: 2 ok; 2 preconditions: 2 ok". Kinds with no item are left out.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (Kind kind : List.of(Kind.STEP, Kind.CHECK, Kind.ROLLBACK, Kind.PRECONDITION)) {
            Tally t = of(kind);
            if (t.total() > 0) parts.add(t.total() + " " + noun(kind, t.total()) + ": " + t.words());
        }
        return parts.isEmpty() ? "no items" : String.join("; ", parts);
    }

    /** "step"/"steps", "check"/"checks", ... */
    public static String noun(Kind kind, int n) {
        return kind.wire() + (n == 1 ? "" : "s");
    }

    private static void tallyInto(Collection<ReportItem> items, Map<Kind, Map<Status, Integer>> byKind) {
        for (ReportItem item : items) {
            byKind.get(item.kind()).merge(item.status(), 1, Integer::sum);
            tallyInto(item.children(), byKind);
        }
    }
}
