package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The once rule: never applied runs, same checksum skips, a changed checksum is refused unless allowed. */
class OnceDecisionTest {
    static final OnceApplication V1 = new OnceApplication("sha256:v1", "r1", Instant.parse("2026-11-20T09:00:00Z"));

    @Test
    void neverAppliedRuns() {
        assertInstanceOf(OnceDecision.Run.class, OnceDecision.decide("seed", Optional.empty(), "sha256:v1", false));
    }

    @Test
    void sameChecksumIsSkippedAsAlreadyApplied() {
        OnceDecision d = OnceDecision.decide("seed", Optional.of(V1), "sha256:v1", false);
        assertInstanceOf(OnceDecision.AlreadyApplied.class, d);
        assertEquals("already applied by run r1 on 2026-11-20T09:00:00Z", d.reason());
    }

    @Test
    void changedChecksumIsRefusedNamingBoth() {
        OnceDecision d = OnceDecision.decide("seed", Optional.of(V1), "sha256:v2", false);
        assertInstanceOf(OnceDecision.Changed.class, d);
        assertTrue(d.reason().contains("sha256:v1") && d.reason().contains("sha256:v2")
                && d.reason().contains("--allow-changed"), d.reason());
    }

    @Test
    void changedChecksumRunsWithAllowChanged() {
        OnceDecision d = OnceDecision.decide("seed", Optional.of(V1), "sha256:v2", true);
        assertInstanceOf(OnceDecision.Run.class, d);
        assertTrue(d.reason().contains("re-applied"), d.reason());
    }
}
