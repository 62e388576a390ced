package dev.runbook.exec;

/**
 * Provides databases on an embedded PostgreSQL for targets planned with {@code embedded=true}; one
 * database per name, created on first use. Closing stops a server the provider started.
 */
public interface EmbeddedDatabases extends AutoCloseable {
    ConnectionSpec database(String name) throws Exception;

    /** Which server the databases live on and why that one, without starting it (for the console and report). */
    String describe();

    @Override
    void close();
}
