package dev.runbook.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
    /** The form as String.format wrote it, which the whole-number form must equal everywhere. */
    private static String formatted(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    @Test
    void readsAsStringFormatWroteIt() {
        for (long ms = -1500; ms <= 130_000; ms++) assertEquals(formatted(Duration.ofMillis(ms)), HumanDuration.of(Duration.ofMillis(ms)));
        for (long s = 0; s <= 200_000; s += 7) assertEquals(formatted(Duration.ofSeconds(s)), HumanDuration.of(Duration.ofSeconds(s)));
        assertEquals("12.3s", HumanDuration.of(Duration.ofMillis(12_250)));
        assertEquals("60.0s", HumanDuration.of(Duration.ofMillis(59_950)));
        assertEquals("4m05s", HumanDuration.of(Duration.ofSeconds(245)));
        assertEquals("1h02m", HumanDuration.of(Duration.ofMinutes(62)));
    }
}
