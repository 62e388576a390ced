package dev.runbook.reports.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code ts} of an event line: UTC with milliseconds always ({@code 2026-11-22T10:45:01.000Z}; EVENTS.md), as
 * ISO_INSTANT would drop ".000". The writer's own shape is formatted and parsed by hand: java.time's formatter and
 * {@link Instant#parse} cost more than the rest of a short event (a third of reading a 500-check log); every other
 * instant a log may hold goes through them.
 */
final class EventTimes {
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** The shape written: {@code uuuu-MM-ddTHH:mm:ss.SSSZ}, 24 characters. */
    private static final String SHAPE = "0000-00-00T00:00:00.000Z";

    private EventTimes() {
    }

    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        if (d.getYear() < 0 || d.getYear() > 9999) return TS.format(t);
        char[] out = SHAPE.toCharArray();
        put(out, 0, 4, d.getYear());
        put(out, 5, 2, d.getMonthValue());
        put(out, 8, 2, d.getDayOfMonth());
        put(out, 11, 2, d.getHour());
        put(out, 14, 2, d.getMinute());
        put(out, 17, 2, d.getSecond());
        put(out, 20, 3, d.getNano() / 1_000_000);
        return new String(out);
    }

    static Instant parse(String ts) {
        if (ts.length() != SHAPE.length()) return Instant.parse(ts);
        for (int i = 0; i < SHAPE.length(); i++) {
            char shape = SHAPE.charAt(i);
            char c = ts.charAt(i);
            if (shape == '0' ? c < '0' || c > '9' : c != shape) return Instant.parse(ts);
        }
        int hour = num(ts, 11, 2);
        int minute = num(ts, 14, 2);
        int second = num(ts, 17, 2);
        // A leap second (23:59:60) and any other odd value are Instant.parse's to accept or refuse.
        if (hour > 23 || minute > 59 || second > 59) return Instant.parse(ts);
        // LocalDate.of refuses a day that does not exist (02-30), as Instant.parse does.
        long day = LocalDate.of(num(ts, 0, 4), num(ts, 5, 2), num(ts, 8, 2)).toEpochDay();
        return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second,
                num(ts, 20, 3) * 1_000_000L);
    }

    private static void put(char[] out, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int num(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) v = v * 10 + (s.charAt(i) - '0');
        return v;
    }
}
