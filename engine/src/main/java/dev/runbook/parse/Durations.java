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
}
