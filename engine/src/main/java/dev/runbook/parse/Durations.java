package dev.runbook.parse;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.threeten.extra.AmountFormats;

/** Parses Go-style durations ("500ms", "30s", "1h30m") with ThreeTen-Extra, the one format the DSL accepts. */
public final class Durations {
    private Durations() {}

    /** @throws DateTimeParseException with a readable message when the text is not a duration */
    public static Duration parse(String text) {
        Duration d = AmountFormats.parseUnitBasedDuration(text.trim());
        if (d.isNegative()) throw new DateTimeParseException("negative duration", text, 0);
        return d;
    }

    /** Short human form: 850ms, 12.3s, 4m05s, 1h02m. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
