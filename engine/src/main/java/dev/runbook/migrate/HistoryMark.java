package dev.runbook.migrate;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The last installed rank in Flyway's history table before a migrate call, read with one query on one connection
 * instead of a second Flyway {@code info()} (which scans and checksums every file and reads the whole history
 * again just before {@code migrate} does the same). Plain JDBC metadata and quoting, so it asks no engine question.
 */
final class HistoryMark {
    /** Flyway's default history table name. */
    static final String DEFAULT_TABLE = "flyway_schema_history";

    private HistoryMark() {}

    /**
     * @return the highest installed rank, 0 when there is no history table yet; empty when it cannot be read this
     *         way (the caller then asks Flyway), so a wrong guess about the table can only cost time
     * @throws SQLException when no connection can be had: Flyway would get none either
     */
    static OptionalInt lastRank(DataSource dataSource, MigrationRequest request) throws SQLException {
        String table = request.table() != null && !request.table().isBlank() ? request.table().strip() : DEFAULT_TABLE;
        Connection connection = dataSource.getConnection();
        try (Connection c = connection) {
            // Where Flyway keeps the table: the first of its schemas, else the connection's current schema.
            String schema = !request.schemas().isEmpty() ? request.schemas().get(0) : c.getSchema();
            if (schema == null) return OptionalInt.empty();
            DatabaseMetaData md = c.getMetaData();
            String escape = md.getSearchStringEscape();
            boolean exists;
            try (ResultSet rs = md.getTables(c.getCatalog(), like(schema, escape), like(table, escape), null)) {
                exists = false;
                while (rs.next()) {
                    if (schema.equals(rs.getString("TABLE_SCHEM")) && table.equals(rs.getString("TABLE_NAME"))) exists = true;
                }
            }
            if (!exists) return OptionalInt.of(0);
            String q = md.getIdentifierQuoteString().strip();
            if (q.isEmpty() || schema.contains(q) || table.contains(q)) return OptionalInt.empty();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(installed_rank) FROM " + q + schema + q + "." + q + table + q)) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.of(0);
            }
        } catch (SQLException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** A name as a metadata pattern that matches only itself ({@code _} and {@code %} escaped). */
    private static String like(String name, String escape) {
        if (escape == null || escape.isEmpty()) return name;
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
