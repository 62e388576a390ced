package dev.runbook.reports.events;

import dev.runbook.reports.model.Kind;
import java.util.Objects;

/** {@code item.skipped}: an item that never started ({@code when} false, already applied, after an abort). */
public record ItemSkipped(String key, Kind kind, String name, String stepKind, String target, Integer index,
                          String reason) implements Event {
    public static final String TYPE = "item.skipped";

    public ItemSkipped {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
