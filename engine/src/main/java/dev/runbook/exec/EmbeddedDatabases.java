package dev.runbook.exec;

/**
 * Provides databases on an embedded PostgreSQL for targets planned with {@code embedded=true}; one
 * database per name, created on first use. Closing stops a server the provider started.
 */
public interface EmbeddedDatabases extends AutoCloseable {
    ConnectionSpec database(String name) throws Exception;

    @Override
    void close();
}
