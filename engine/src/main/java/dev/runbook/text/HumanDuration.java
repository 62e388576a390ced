package dev.runbook.text;

import java.time.Duration;

/** The short human form of a duration (850ms, 12.3s, 4m05s, 1h02m) that plans, progress and messages show. */
public final class HumanDuration {
    private HumanDuration() {}

    /**
     * Built from whole numbers, not {@code String.format} (a 10,000-step plan shows 20,000 durations, and formatting
     * them allocated 16 MB): seconds to a tenth, rounded half up as {@code %.1f} rounds them.
     */
    public static String of(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) {
            long tenths = (ms + 50) / 100;
            return tenths / 10 + "." + tenths % 10 + "s";
        }
        long s = ms / 1000;
        if (s < 3600) return s / 60 + "m" + twoDigits(s % 60) + "s";
        return s / 3600 + "h" + twoDigits((s % 3600) / 60) + "m";
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
