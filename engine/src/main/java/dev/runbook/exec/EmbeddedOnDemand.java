package dev.runbook.exec;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Creates the embedded-database provider only when a target needs it, and closes it with the run. Starting the
 * server takes seconds, so the operator is told when it starts and when it is ready.
 */
final class EmbeddedOnDemand implements EmbeddedDatabases {
    private final Supplier<EmbeddedDatabases> factory;
    private final Consumer<String> say;
    private EmbeddedDatabases provider;
    private boolean announced;

    EmbeddedOnDemand(Supplier<EmbeddedDatabases> factory) {
        this(factory, line -> { });
    }

    /** @param say receives a line before the server starts and one when its first database is ready */
    EmbeddedOnDemand(Supplier<EmbeddedDatabases> factory, Consumer<String> say) {
        this.factory = factory;
        this.say = say;
    }

    @Override
    public synchronized ConnectionSpec database(String name) throws Exception {
        if (provider == null) provider = factory.get();
        if (announced) return provider.database(name);
        announced = true;
        say.accept("starting the embedded PostgreSQL for --embedded (a few seconds) ...");
        long start = System.nanoTime();
        ConnectionSpec spec = provider.database(name);
        say.accept("embedded PostgreSQL ready after " + dev.runbook.text.HumanDuration.of(Duration.ofNanos(System.nanoTime() - start)));
        return spec;
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
