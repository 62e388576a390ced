package dev.runbook.reports.model;

import java.util.List;

/**
 * One item of a dry-run plan as the engine resolved it, the input of {@link RunReport#plan}.
 *
 * @param parent       key of the enclosing step for checks, or null
 * @param text         the SQL, command line or request that would run
 * @param rollbackText the compensation that would run if the step failed, or null
 * @param reason       why it would be skipped (or a note on why it runs), or null
 * @param details      what else the reviewer approves: description, settings, env values, params, notes
 */
public record PlannedItem(String key, Kind kind, String name, String stepKind, String target, String parent,
                          String text, String rollbackText, boolean wouldRun, String reason, List<Detail> details) {
    public PlannedItem {
        details = Copies.list(details);
    }

    /** An item with no details. */
    public PlannedItem(String key, Kind kind, String name, String stepKind, String target, String parent,
                       String text, String rollbackText, boolean wouldRun, String reason) {
        this(key, kind, name, stepKind, target, parent, text, rollbackText, wouldRun, reason, List.of());
    }
}
