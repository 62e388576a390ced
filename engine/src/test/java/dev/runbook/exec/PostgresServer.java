package dev.runbook.exec;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL for the whole test JVM (started on first use, stopped when JUnit finishes),
 * and a fresh database per test so tests never see each other's tables.
 */
public final class PostgresServer implements BeforeAllCallback {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private EmbeddedPostgres pg;

    @Override
    public void beforeAll(ExtensionContext context) {
        pg = dev.runbook.testdb.TestPostgres.shared(context);
    }

    public EmbeddedPostgres server() {
        return pg;
    }

    /** A new, empty database on the shared server. */
    public TestDb freshDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " STRATEGY FILE_COPY");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestDb(name, pg.getPort());
    }

    /** A database of the shared server, with helpers to prepare and inspect it. */
    public record TestDb(String name, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + name;
        }

        public String clientUrl() {
            return "postgresql://postgres@localhost:" + port + "/" + name;
        }

        public java.util.Properties properties() {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", "postgres");
            return p;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), "postgres", "");
        }

        public void exec(String sql) {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** First column of every row, as strings. */
        public List<String> column(String sql) {
            try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        public String one(String sql) {
            List<String> c = column(sql);
            return c.isEmpty() ? null : c.get(0);
        }
    }
}
