package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EmbeddedServerChoiceTest {
    @Test
    void startsTheMajorOfThePgDumpOnPath() {
        EmbeddedServerChoice c = EmbeddedServerChoice.choose(null, OptionalInt.of(15));
        assertEquals(15, c.major());
        assertEquals("15.18.0", c.binaries());
        assertEquals("PostgreSQL 15 (matches pg_dump/pg_restore 15 on PATH)", c.describe());
    }

    @Test
    void keepsTheBundledDefaultWithoutClientToolsOrWithoutBinariesForThem() {
        assertEquals(16, EmbeddedServerChoice.choose(null, OptionalInt.empty()).major());
        EmbeddedServerChoice old = EmbeddedServerChoice.choose(null, OptionalInt.of(12));
        assertEquals(16, old.major());
        assertTrue(old.reason().contains("cannot dump it"), old.reason());
        assertTrue(EmbeddedServerChoice.choose(null, OptionalInt.of(19)).reason().contains("which can dump it"));
    }

    @Test
    void anExplicitVersionWinsAndAnUnknownOneIsRefused() {
        EmbeddedServerChoice c = EmbeddedServerChoice.choose(14, OptionalInt.of(15));
        assertEquals(14, c.major());
        assertEquals("--embedded-version 14", c.reason());
        assertThrows(IllegalArgumentException.class, () -> EmbeddedServerChoice.choose(9, OptionalInt.of(15)));
    }

    @Test
    void readsTheMajorFromTheToolsVersionLine() {
        assertEquals(OptionalInt.of(15), PgClientTools.parse("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"));
        assertEquals(OptionalInt.of(17), PgClientTools.parse("pg_restore (PostgreSQL) 17beta2"));
        assertEquals(OptionalInt.empty(), PgClientTools.parse("bash: pg_dump: command not found"));
    }
}
