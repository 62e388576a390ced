package dev.runbook.fleet;

/** What a fleet run tells the console as it goes; called from the targets' threads, so implementations synchronize. */
public interface FleetListener {
    void waveStarted(Wave wave, int toRun);

    void targetStarted(FleetIndex.Entry entry);

    void targetFinished(FleetIndex.Entry entry, FleetIndex now);

    /** No new target starts from now on, and why. */
    void stopped(String why);

    static FleetListener silent() {
        return new FleetListener() {
            public void waveStarted(Wave wave, int toRun) {}

            public void targetStarted(FleetIndex.Entry entry) {}

            public void targetFinished(FleetIndex.Entry entry, FleetIndex now) {}

            public void stopped(String why) {}
        };
    }
}
