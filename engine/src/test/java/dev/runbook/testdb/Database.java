package dev.runbook.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One database of the test server, with helpers to reach, change and read it (as user postgres). */
public interface Database {
    String name();

    int port();

    default String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + name();
    }

    /** The libpq form, for psql, pg_dump and runbook targets written as URLs. */
    default String clientUrl() {
        return "postgresql://postgres@localhost:" + port() + "/" + name();
    }

    default Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return p;
    }

    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /** Opens a connection whose ApplicationName is {@code applicationName} (what the run lock needs). */
    default Connection connect(String applicationName) throws SQLException {
        Properties p = properties();
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    default DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser("postgres");
        return ds;
    }

    default void exec(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** First column of every row, as strings. */
    default List<String> column(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    default String one(String sql) {
        List<String> c = column(sql);
        return c.isEmpty() ? null : c.get(0);
    }

    default boolean tableExists(String table) {
        return !"0".equals(one("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'"));
    }
}
