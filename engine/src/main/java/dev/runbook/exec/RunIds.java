package dev.runbook.exec;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Run ids such as {@code 20261122-104501-7f3a}: sortable by start time, unique enough per host. */
final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunIds() {}

    static String next(Clock clock, SecureRandom random) {
        return FORMAT.format(clock.instant()) + "-" + String.format("%04x", random.nextInt(0x10000));
    }
}
