package dev.runbook.reports.events;

import dev.runbook.reports.model.Copies;
import java.util.List;

/** {@code rollback.started}: the compensation phase begins, with the rollback keys planned in order. */
public record RollbackStarted(String reason, List<String> keys) implements Event {
    public static final String TYPE = "rollback.started";

    public RollbackStarted {
        keys = Copies.list(keys);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
