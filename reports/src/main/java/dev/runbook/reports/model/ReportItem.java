package dev.runbook.reports.model;

import java.util.List;

/**
 * A precondition, step, check or rollback as it ended, with all its attempts and nested checks.
 *
 * @param index        1-based position among top-level items, null for nested checks
 * @param rollbackText in plan reports, the compensation that would run if this step failed; else null
 * @param reason       why it was skipped or failed, one sentence, or null
 * @param durationMs   sum over all attempts
 * @param details      in plan reports, what else the reviewer approves (settings, env values, params); else empty
 */
public record ReportItem(String key, Kind kind, String name, String stepKind, String target, Integer index,
                         String parent, String text, String rollbackText, Status status, String reason,
                         long durationMs, List<Attempt> attempts, List<ReportItem> children,
                         List<Detail> details) {
    public ReportItem {
        attempts = Copies.list(attempts);
        children = Copies.list(children);
        details = Copies.list(details);
    }

    /** An item of a run (no plan details). */
    public ReportItem(String key, Kind kind, String name, String stepKind, String target, Integer index,
                      String parent, String text, String rollbackText, Status status, String reason,
                      long durationMs, List<Attempt> attempts, List<ReportItem> children) {
        this(key, kind, name, stepKind, target, index, parent, text, rollbackText, status, reason, durationMs, attempts,
                children, List.of());
    }

    /** The attempt that decided the status, or null when the item never started. */
    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
