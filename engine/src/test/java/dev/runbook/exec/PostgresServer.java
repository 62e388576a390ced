package dev.runbook.exec;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL for the whole test JVM (started on first use, stopped when JUnit finishes),
 * and a fresh database per test so tests never see each other's tables.
 */
public final class PostgresServer implements BeforeAllCallback {
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
        return new TestDb(dev.runbook.testdb.TestPostgres.createDatabase(pg, "t"), pg.getPort());
    }

    /** A database of the shared server, with helpers to prepare and inspect it. */
    public record TestDb(String name, int port) implements dev.runbook.testdb.Database {}
}
