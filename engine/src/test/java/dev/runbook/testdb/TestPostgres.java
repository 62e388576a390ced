package dev.runbook.testdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
        return new Db(createDatabase(server, "j"), server.getPort());
    }

    /** Creates an empty database named from the prefix, this JVM's pid and a counter (unique across parallel test JVMs). */
    public static String createDatabase(EmbeddedPostgres server, String prefix) {
        String name = prefix + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " STRATEGY FILE_COPY");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
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
    public record Db(String name, int port) implements Database {}
}
