package dev.runbook.text;

import java.time.Duration;

/** The short human form of a duration (850ms, 12.3s, 4m05s, 1h02m) that plans, progress and messages show. */
public final class HumanDuration {
    private HumanDuration() {}

    public static String of(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
