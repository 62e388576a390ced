package dev.runbook.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves one second each time it is read, so journal rows get distinct, predictable times. */
final class TickingClock extends Clock {
    private final AtomicReference<Instant> next;

    TickingClock(Instant start) {
        this.next = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return next.getAndUpdate(t -> t.plus(Duration.ofSeconds(1)));
    }

    /** What the next read will return, without moving. */
    Instant peek() {
        return next.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
