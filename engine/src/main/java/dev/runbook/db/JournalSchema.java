package dev.runbook.db;

import java.util.List;
import java.util.Objects;

/** The run-journal layout shared by every engine; dialects only choose how each column type is spelled. */
public final class JournalSchema {

    /** Value of {@code schema_version} in the {@code <table>_meta} row that this code creates and reads. */
    public static final int VERSION = 1;

    /**
     * Where a target's journal lives unless {@code journal_table} says otherwise: a schema of its own, so it never
     * makes the application's schema look non-empty to Flyway, and backups of that schema leave it out.
     */
    public static final String DEFAULT_TABLE = "runbook.history";

    /** Allowed values of the {@code kind} column. */
    public static final List<String> KINDS = List.of("run", "step", "rollback", "meta");

    /** Suffix of the table that holds the single schema-version row. */
    public static final String META_SUFFIX = "_meta";

    /** Column types the journal needs, spelled per engine by the dialect. */
    public enum Type { VARCHAR, TIMESTAMP_WITH_ZONE, UNBOUNDED_TEXT }

    /** One journal column; {@code length} is only meaningful for {@link Type#VARCHAR}. */
    public record Column(String name, Type type, int length, boolean required) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** The columns in table order; the primary key is {@code (run_id, item_key)}. */
    public static final List<Column> COLUMNS = List.of(
            text("run_id", 64, true),
            text("item_key", 300, true),
            text("kind", 16, true),
            text("runbook_id", 200, false),
            text("runbook_checksum", 80, false),
            text("item_checksum", 80, false),
            text("ticket", 200, false),
            text("environment", 64, false),
            text("operator", 200, false),
            text("host", 200, false),
            text("tool_version", 40, false),
            text("status", 32, true),
            new Column("started_at", Type.TIMESTAMP_WITH_ZONE, 0, false),
            new Column("ended_at", Type.TIMESTAMP_WITH_ZONE, 0, false),
            text("evidence_digest", 80, false),
            new Column("detail", Type.UNBOUNDED_TEXT, 0, false));

    /** Columns of the primary key, in key order. */
    public static final List<String> PRIMARY_KEY = List.of("run_id", "item_key");

    private JournalSchema() {
    }

    private static Column text(String name, int length, boolean required) {
        return new Column(name, Type.VARCHAR, length, required);
    }
}
