package dev.runbook.reports.render;

import dev.runbook.reports.model.Outcome;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text forms shared by the human-facing renderers, so HTML and Markdown say the same thing. */
final class Formats {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** "350 ms", "1.24 s", "2 min 03 s", "1 h 02 min". */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        long seconds = ms / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /** Seconds with millisecond precision, as JUnit XML wants. */
    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** "2026-11-22 10:45:01 UTC", or "unknown". */
    static String when(Instant instant) {
        return instant == null ? "unknown" : WHEN.format(instant);
    }

    /** The outcome as a headline: "ROLLED BACK". */
    static String outcomeLabel(Outcome outcome) {
        return outcome == Outcome.PLANNED ? "PLAN: NOTHING EXECUTED"
                : outcome.wire().replace('_', ' ').toUpperCase(Locale.ROOT);
    }

    /** The banner colour family: ok (green), bad (red), rb (amber), int (grey), plan (blue). */
    static String outcomeTone(Outcome outcome) {
        switch (outcome) {
            case SUCCEEDED: return "ok";
            case ROLLED_BACK: return "rb";
            case INTERRUPTED:
            case AWAITING_APPROVAL: return "int";
            case PLANNED: return "plan";
            default: return "bad";
        }
    }

    /** "would run" for {@code would_run}. */
    static String statusLabel(String wire) {
        return wire.replace('_', ' ');
    }
}
