package dev.runbook.plan;

import java.util.Map;

/**
 * A target with its settings resolved (env vars read, overrides applied). {@code settings} may hold
 * secrets and is never printed; {@code display} is the redacted form shown to people.
 */
public record PlannedTarget(String name, String engine, String display, Map<String, String> settings,
                            String lockScope, String journalTable, boolean readOnly, boolean overridden) {
    public boolean isDatabase() {
        return !engine.equals("http");
    }

    /** Planned onto an embedded PostgreSQL (--embedded) rather than a server of its own. */
    public boolean embedded() {
        return "true".equals(settings.get("embedded"));
    }
}
