package dev.runbook.testdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL 16 for the journal and migration tests: one embedded server for the test JVM
 * (started on first use, stopped by JUnit after the last class) and a fresh database per test.
 * Register with {@code @RegisterExtension static final TestPostgres PG = new TestPostgres();}.
 */
public final class TestPostgres implements BeforeAllCallback {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = shared(context);
    }

    /** The one embedded server of the test JVM, for every extension that needs PostgreSQL. */
    public static EmbeddedPostgres shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Handle.class, k -> new Handle(), Handle.class).server;
    }

    public int port() {
        return server.getPort();
    }

    /** A new, empty database. */
    public Db freshDatabase() {
        String name = "j" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " STRATEGY FILE_COPY");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Db(name, server.getPort());
    }

    /** Keeps the server in JUnit's root store, which closes it when the test run ends. */
    static final class Handle implements ExtensionContext.Store.CloseableResource {
        final EmbeddedPostgres server;

        Handle() {
            try {
                // Tests need no durability; fsync would make every commit and CREATE DATABASE wait for the disk.
                server = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** One database of the server, with helpers to reach, change and read it. */
    public record Db(String name, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), "postgres", "");
        }

        /** Opens a connection whose ApplicationName is {@code applicationName} (what the run lock needs). */
        public Connection connect(String applicationName) throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            p.setProperty("ApplicationName", applicationName);
            return DriverManager.getConnection(jdbcUrl(), p);
        }

        public DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(jdbcUrl());
            ds.setUser("postgres");
            return ds;
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

        public boolean tableExists(String table) {
            return !"0".equals(one("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'"));
        }
    }
}
