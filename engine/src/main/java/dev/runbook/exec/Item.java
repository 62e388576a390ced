package dev.runbook.exec;

import dev.runbook.reports.model.Kind;

/**
 * One journaled unit of a run: a precondition, a step, a check of an assert step, or a rollback.
 * {@code key} is unique in the run ({@code step/<id>}, {@code step/<id>/check/<n>}, {@code rollback/<id>}).
 */
public record Item(String key, Kind kind, String name, String stepKind, String target, int index, String parent,
                   String text) {
    private static final String CHECK = "/check/";

    /** The key of an assert step's {@code n}-th check (1-based). */
    static String checkKey(String stepKey, int n) {
        return stepKey + CHECK + n;
    }

    /**
     * Whether the key is a check's: a check changes nothing on any target, so its records are evidence only and
     * may wait for its step's own durable record (see {@link RunJournal} and {@link TargetJournal}).
     */
    static boolean isCheck(String key) {
        return key.contains(CHECK);
    }
}
