package dev.runbook.plan;

import java.util.Map;

/**
 * A target with its settings resolved (env vars read, overrides applied). {@code settings} may hold
 * secrets and is never printed; {@code display} is the redacted form shown to people. {@code lazy}: locked and
 * journaled at its first use, not before the first step; {@code journalIn}: the target whose journal records
 * this one's steps (null: its own, or none for a read-only target).
 */
public record PlannedTarget(String name, String engine, String display, Map<String, String> settings,
                            String lockScope, String journalTable, boolean readOnly, boolean overridden, boolean lazy,
                            String journalIn) {
    /** A target connected before the first step that keeps its own journal. */
    public PlannedTarget(String name, String engine, String display, Map<String, String> settings, String lockScope,
                         String journalTable, boolean readOnly, boolean overridden) {
        this(name, engine, display, settings, lockScope, journalTable, readOnly, overridden, false, null);
    }

    /** Whether the run writes a journal in this target (a database that is neither read-only nor journaled elsewhere). */
    public boolean keepsJournal() {
        return isDatabase() && !readOnly && journalIn == null;
    }

    public boolean isDatabase() {
        return !engine.equals("http");
    }

    /** Planned onto an embedded PostgreSQL (--embedded) rather than a server of its own. */
    public boolean embedded() {
        return "true".equals(settings.get("embedded"));
    }

    /**
     * How the run treats this target when that differs from "locked and journaled before the first step", in the
     * words every plan format shows; empty for such a plain target.
     */
    public String treatment() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (readOnly) parts.add("read only: no lock, no journal");
        if (lazy) parts.add(readOnly ? "connected at first use" : "deferred: connected at first use, its run lock"
                + (journalIn == null ? " and journal" : "") + " taken then");
        if (journalIn != null && !readOnly) {
            parts.add("journal kept in target '" + journalIn + "' (its steps are not atomic with their journal row)");
        }
        return String.join("; ", parts);
    }
}
