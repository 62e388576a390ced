package dev.runbook.reports.events;

import dev.runbook.reports.model.Kind;
import java.util.Objects;

/** {@code item.started}: an attempt at a precondition, step, check or rollback begins. */
public record ItemStarted(Item item) implements Event {
    public static final String TYPE = "item.started";

    public ItemStarted {
        Objects.requireNonNull(item, "item");
    }

    /**
     * Starts attempt {@code attempt} of an item.
     *
     * @param index  1-based position among top-level items, null for nested checks
     * @param parent key of the enclosing step for checks, else null
     * @param text   the SQL, command line or request shown to a person, or null
     */
    public static ItemStarted of(String key, Kind kind, String name, String stepKind, String target,
                                 Integer index, String parent, String text, int attempt) {
        return new ItemStarted(new Item(key, kind, name, stepKind, target, index, parent, text, attempt));
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The {@code item} object of {@code item.started}. */
    public record Item(String key, Kind kind, String name, String stepKind, String target, Integer index,
                       String parent, String text, int attempt) {
        public Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
