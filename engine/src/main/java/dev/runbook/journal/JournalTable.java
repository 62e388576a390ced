package dev.runbook.journal;

import dev.runbook.db.Dialect;
import dev.runbook.db.JournalSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One journal table on one engine: its quoted names, the statements that read and write it, and the
 * schema-version check that keeps this Runbook away from a layout it does not know.
 */
final class JournalTable {
    static final String DEFAULT_NAME = JournalSchema.DEFAULT_TABLE;
    static final String COLUMNS = "run_id, item_key, kind, runbook_id, runbook_checksum, item_checksum, ticket, "
            + "environment, operator, host, tool_version, status, started_at, ended_at, evidence_digest, detail";
    private static final Map<String, Integer> LENGTHS = JournalSchema.COLUMNS.stream()
            .filter(c -> c.type() == JournalSchema.Type.VARCHAR)
            .collect(Collectors.toUnmodifiableMap(JournalSchema.Column::name, JournalSchema.Column::length));

    final Dialect dialect;
    final String name;
    final String quoted;
    private final String quotedMeta;
    private final String bareName;
    private final String bareMeta;
    private final String schema;

    private JournalTable(Dialect dialect, String name) {
        this.dialect = dialect;
        this.name = name;
        List<String> parts = dialect.identifierParts(name);
        this.bareName = parts.get(parts.size() - 1);
        this.bareMeta = bareName + JournalSchema.META_SUFFIX;
        this.schema = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        this.quoted = dialect.quoteIdentifier(name);
        // Every engine's quoted name ends in its closing quote, so the suffix goes just before it.
        int close = quoted.length() - 1;
        this.quotedMeta = quoted.substring(0, close) + JournalSchema.META_SUFFIX + quoted.charAt(close);
    }

    static JournalTable of(Dialect dialect, String name) {
        return new JournalTable(dialect, name == null || name.isBlank() ? DEFAULT_NAME : name.strip());
    }

    /** The schema version in the meta table, or empty when there is no journal yet. */
    OptionalInt schemaVersion(Connection c) throws SQLException {
        if (!exists(c, bareMeta)) return OptionalInt.empty();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT schema_version FROM " + quotedMeta)) {
            return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
        }
    }

    /**
     * True when the journal exists in a layout this Runbook reads; false when there is none yet.
     *
     * @throws JournalVersionException when a newer Runbook made it
     */
    boolean readable(Connection c) throws SQLException {
        OptionalInt v = schemaVersion(c);
        if (v.isPresent() && v.getAsInt() > JournalSchema.VERSION) {
            throw new JournalVersionException(name, v.getAsInt(), JournalSchema.VERSION);
        }
        return v.isPresent() && exists(c, bareName);
    }

    /**
     * Creates the journal when it is missing. Runs that start together on a new target may race (the run
     * locks of different runbooks do not exclude each other); the DDL is idempotent, but PostgreSQL fails a
     * CREATE TABLE IF NOT EXISTS that races an uncommitted twin, so a failed attempt is retried shortly after.
     */
    void ensure(Connection c) throws SQLException {
        SQLException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            if (readable(c)) return;
            try {
                for (String ddl : dialect.journalDdl(name)) {
                    try (Statement st = c.createStatement()) {
                        st.execute(ddl);
                    }
                }
            } catch (SQLException e) {
                last = e;
                pause(attempt);
            }
        }
        if (readable(c)) return;
        throw last != null ? last : new SQLException("the journal " + name + " could not be created");
    }

    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while creating the journal", e);
        }
    }

    private boolean exists(Connection c, String bare) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.tableExistsSql())) {
            ps.setString(1, bare);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    String insertSql() {
        return "INSERT INTO " + quoted + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    String restartSql() {
        return "UPDATE " + quoted + " SET status = ?, item_checksum = ?, ended_at = NULL, detail = ? "
                + "WHERE run_id = ? AND item_key = ?";
    }

    String finishSql() {
        return "UPDATE " + quoted + " SET status = ?, ended_at = ?, evidence_digest = ?, detail = ? "
                + "WHERE run_id = ? AND item_key = ?";
    }

    String statusSql() {
        return "UPDATE " + quoted + " SET status = ?, detail = ? WHERE run_id = ? AND item_key = ?";
    }

    String runRowsSql() {
        return "SELECT " + COLUMNS + " FROM " + quoted + " WHERE run_id = ? ORDER BY started_at, item_key";
    }

    /** The latest row that applied or un-applied a step; ties cannot matter since runs of one runbook are locked apart. */
    String onceSql() {
        return "SELECT run_id, item_checksum, status, ended_at FROM " + quoted
                + " WHERE runbook_id = ? AND item_key = ? AND kind = 'step' AND status IN ('succeeded', 'rolled_back')"
                + " ORDER BY ended_at DESC";
    }

    /** Cuts a value to its column's length, so an overlong ticket or detail never fails a journal write. */
    static String fit(String column, String value) {
        if (value == null) return null;
        Integer max = LENGTHS.get(column);
        int limit = max != null ? max : 8_000;
        return value.length() <= limit ? value : value.substring(0, Math.max(0, limit - 1)) + "…";
    }
}
