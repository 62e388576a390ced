package dev.runbook.reports.model;

import java.util.List;

/**
 * A precondition, step, check or rollback as it ended, with all its attempts and nested checks.
 *
 * @param index        1-based position among top-level items, null for nested checks
 * @param rollbackText in plan reports, the compensation that would run if this step failed; else null
 * @param reason       why it was skipped or failed, one sentence, or null
 * @param durationMs   sum over all attempts
 */
public record ReportItem(String key, Kind kind, String name, String stepKind, String target, Integer index,
                         String parent, String text, String rollbackText, Status status, String reason,
                         long durationMs, List<Attempt> attempts, List<ReportItem> children) {
    public ReportItem {
        attempts = Copies.list(attempts);
        children = Copies.list(children);
    }

    /** The attempt that decided the status, or null when the item never started. */
    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
