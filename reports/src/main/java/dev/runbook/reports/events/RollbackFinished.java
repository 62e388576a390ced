package dev.runbook.reports.events;

import dev.runbook.reports.model.Copies;
import dev.runbook.reports.model.Status;
import java.util.List;

/**
 * {@code rollback.finished}: the compensation phase ended {@code ok} or {@code failed}.
 *
 * @param remaining    rollback keys not compensated
 * @param manualAction what the operator must do by hand, or null
 */
public record RollbackFinished(Status status, List<String> remaining, String manualAction) implements Event {
    public static final String TYPE = "rollback.finished";

    public RollbackFinished {
        if (status != Status.OK && status != Status.FAILED) {
            throw new IllegalArgumentException("rollback.finished status must be ok or failed, not " + status);
        }
        remaining = Copies.list(remaining);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
