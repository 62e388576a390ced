package dev.runbook.exec;

import java.util.Locale;

/** The status an item ends with in the event log. */
public enum ItemStatus {
    OK, FAILED, SKIPPED, WARNED, INTERRUPTED, NOT_REHEARSED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
