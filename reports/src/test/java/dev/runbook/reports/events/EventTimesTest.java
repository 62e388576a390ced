package dev.runbook.reports.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimesTest {
    private static final DateTimeFormatter WRITTEN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsAsTheEventsFormatSaysAndParsesBackAsInstantParseDoes() {
        Random random = new Random(19);
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("2026-11-22T10:45:01Z"),
                Instant.parse("2024-02-29T23:59:59.999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("1969-12-31T23:59:59.5Z"));
        for (int i = 0; i < 20_000 + edges.size(); i++) {
            Instant t = i < edges.size() ? edges.get(i)
                    : Instant.ofEpochSecond(random.nextLong() % 253_402_300_799L, random.nextInt(1_000_000_000));
            String text = EventTimes.format(t);
            assertEquals(WRITTEN.format(t), text, t::toString);
            assertEquals(Instant.parse(text), EventTimes.parse(text), text);
            assertEquals(t.truncatedTo(ChronoUnit.MILLIS), EventTimes.parse(text), text);
        }
    }

    @Test
    void otherShapesAndImpossibleDatesAreInstantParsesToJudge() {
        for (String other : List.of("2026-11-22T10:45:01Z", "2026-11-22T10:45:01.123456Z", "+10000-01-01T00:00:00.000Z",
                "2016-12-31T23:59:60.000Z", "2026-11-22T24:00:00.000Z")) {
            assertEquals(Instant.parse(other), EventTimes.parse(other), other);
        }
        assertEquals("+10000-01-01T00:00:00.000Z", EventTimes.format(Instant.parse("+10000-01-01T00:00:00Z")));
        for (String bad : List.of("2026-02-30T10:45:01.000Z", "2026-13-01T10:45:01.000Z",
                "2026-11-22T10:61:00.000Z", "2026-11-22 10:45:01.000Z", "2026-11-22T10:45:01.00xZ")) {
            assertThrows(DateTimeException.class, () -> Instant.parse(bad), bad);
            assertThrows(DateTimeException.class, () -> EventTimes.parse(bad), bad);
        }
    }
}
