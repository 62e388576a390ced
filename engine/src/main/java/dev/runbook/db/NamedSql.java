package dev.runbook.db;

import java.util.List;
import java.util.Objects;

/**
 * A statement rewritten for a JDBC {@code PreparedStatement}: every {@code :name} became {@code ?}.
 *
 * @param jdbcSql the rewritten SQL
 * @param names   the parameter names in placeholder order; a name used twice appears twice
 */
public record NamedSql(String jdbcSql, List<String> names) {

    public NamedSql {
        Objects.requireNonNull(jdbcSql, "jdbcSql");
        names = List.copyOf(names);
    }

    /** Whether the statement has any placeholder to bind. */
    public boolean hasParameters() {
        return !names.isEmpty();
    }
}
