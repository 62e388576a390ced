package dev.runbook.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches Ctrl-C (SIGINT) and SIGTERM while a run is in progress, so the JVM does not start shutting down
 * (which would also stop an embedded PostgreSQL under the rollback): the first signal asks the run to stop,
 * the second cancels what it is doing then (usually the rollback), the third exits at once.
 */
final class SignalTrap implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> trapped = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    /** Installs the handlers; where the JVM does not allow it, the caller's shutdown hook is the fallback. */
    static SignalTrap install(Runnable stop, Runnable cancelAgain) {
        SignalTrap trap = new SignalTrap();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, s -> trap.on(s, stop, cancelAgain));
                trap.trapped.add(signal);
                trap.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // E.g. SIGINT is ignored when started in the background (nohup, &): leave it as it is.
            }
        }
        return trap;
    }

    private void on(Signal signal, Runnable stop, Runnable cancelAgain) {
        int n = received.incrementAndGet();
        if (n == 1) stop.run();
        else if (n == 2) cancelAgain.run();
        else Runtime.getRuntime().halt(128 + signal.getNumber());
    }

    @Override
    public void close() {
        for (int i = 0; i < trapped.size(); i++) Signal.handle(trapped.get(i), previous.get(i));
    }
}
