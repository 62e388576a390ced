package dev.runbook.fleet;

import dev.runbook.db.ConnectionSpecs;
import dev.runbook.db.JdbcConnectionSpec;
import dev.runbook.db.Redactor;
import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.Position;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fleet listed by a catalog database ({@code query: {url_env: CATALOG_URL, sql: SELECT ...}}): the query runs in a
 * read-only transaction, its column labels name the fields as a CSV header does ({@code name}, {@code url},
 * {@code labels}, {@code skip}, {@code "target.app"}, {@code "param.tenant"}), one target per row. This is the one
 * connection a fleet opens itself; it is the fleet file's declared catalog, never a guess.
 */
record FleetQuery(String url, String sql, Position at) {

    List<FleetFile.RawTarget> read(List<Diagnostic> problems) {
        JdbcConnectionSpec spec;
        try {
            spec = ConnectionSpecs.forTarget("postgresql", Map.of("url", url));
        } catch (IllegalArgumentException e) {
            problems.add(Diagnostic.error("RB806", at, "the catalog URL cannot make a connection: " + e.getMessage(),
                    "write a postgresql:// or jdbc:postgresql:// URL"));
            return List.of();
        }
        List<FleetFile.RawTarget> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(spec.jdbcUrl(), spec.toProperties())) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<FleetCsv.Cell> header = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) header.add(new FleetCsv.Cell(md.getColumnLabel(i), at));
                if (!FleetCsv.knownColumns(header, "the catalog query's columns", problems)) return List.of();
                int n = 0;
                while (rs.next()) {
                    n++;
                    Position row = Position.of(at.file() + " catalog row " + n);
                    List<FleetCsv.Cell> cells = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) cells.add(new FleetCsv.Cell(rs.getString(i), row));
                    out.add(FleetCsv.columns(header, cells, row));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            problems.add(Diagnostic.error("RB806", at, "the catalog query failed on " + spec.display() + ": "
                    + Redactor.redactUrl(e.getMessage()), "check the SQL and that the catalog answers"));
        }
        return out;
    }
}
