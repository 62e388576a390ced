package dev.runbook.journal;

import java.time.Instant;

/**
 * An approval given to a paused run with {@code runbook approve}: which step, who, when and why. Kept in the
 * target's journal as the row {@code approval/<step>} of the waiting run, so a resume on any machine finds it.
 * {@code requestedAt} is when the run paused for it (null when unknown), so a step's {@code timeout} can bound it.
 */
public record RecordedApproval(String stepId, String by, Instant at, String reason, Instant requestedAt) {
    static final String KEY_PREFIX = "approval/";

    static String key(String stepId) {
        return KEY_PREFIX + stepId;
    }

    /** The journal row's detail: who, then why. */
    String detail() {
        return "approved by " + by + ": " + reason;
    }

    static RecordedApproval of(ItemState row, Instant requestedAt) {
        String stepId = row.key().substring(KEY_PREFIX.length());
        String d = row.detail() == null ? "" : row.detail();
        String rest = d.startsWith("approved by ") ? d.substring("approved by ".length()) : d;
        int colon = rest.indexOf(": ");
        String by = colon < 0 ? rest : rest.substring(0, colon);
        String reason = colon < 0 ? "" : rest.substring(colon + 2);
        return new RecordedApproval(stepId, by, row.startedAt(), reason, requestedAt);
    }
}
