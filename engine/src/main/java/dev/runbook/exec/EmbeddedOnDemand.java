package dev.runbook.exec;

import java.util.function.Supplier;

/** Creates the embedded-database provider only when a target needs it, and closes it with the run. */
final class EmbeddedOnDemand implements EmbeddedDatabases {
    private final Supplier<EmbeddedDatabases> factory;
    private EmbeddedDatabases provider;

    EmbeddedOnDemand(Supplier<EmbeddedDatabases> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized ConnectionSpec database(String name) throws Exception {
        if (provider == null) provider = factory.get();
        return provider.database(name);
    }

    @Override
    public synchronized String describe() {
        if (provider == null) provider = factory.get();
        return provider.describe();
    }

    @Override
    public synchronized void close() {
        if (provider != null) provider.close();
        provider = null;
    }
}
