package dev.runbook.testdb;

import dev.runbook.exec.EmbeddedServerChoice;
import dev.runbook.exec.PgClientTools;
import dev.runbook.exec.ZonkyDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL of the major that {@code --embedded} picks for the pg_dump/pg_restore on PATH, so
 * backup-and-restore tests dump it with the machine's own tools; one per test JVM. Tests using it are skipped,
 * saying why, where no client tools are installed.
 */
public final class ClientMatchedPostgres implements BeforeAllCallback {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) {
        OptionalInt client = PgClientTools.major();
        Assumptions.assumeTrue(client.isPresent(), "no pg_dump/pg_restore on PATH: install the PostgreSQL client tools");
        EmbeddedServerChoice choice = EmbeddedServerChoice.choose(null, client);
        Assumptions.assumeTrue(choice.major() <= client.getAsInt(), "no embedded server that pg_dump "
                + client.getAsInt() + " can dump: " + choice.describe());
        server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Handle.class, k -> new Handle(choice), Handle.class).server;
    }

    /** A new, empty database on the client-matched server. */
    public TestPostgres.Db freshDatabase() {
        String name = "m" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestPostgres.Db(name, server.getPort());
    }

    static final class Handle implements ExtensionContext.Store.CloseableResource {
        final EmbeddedPostgres server;

        Handle(EmbeddedServerChoice choice) {
            try {
                server = ZonkyDatabases.start(choice);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
