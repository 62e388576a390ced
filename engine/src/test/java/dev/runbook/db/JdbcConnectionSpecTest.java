package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcConnectionSpecTest {

    @Test
    void urlCarryingAPasswordIsRejectedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JdbcConnectionSpec("jdbc:postgresql://db/x?password=hunter2", Map.of(), "x"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new JdbcConnectionSpec("jdbc:postgresql://db/x", Map.of(), "postgresql://a:hunter2@db/x"));
    }

    @Test
    void toStringMasksSecretProperties() {
        JdbcConnectionSpec spec = new JdbcConnectionSpec("jdbc:postgresql://db/x",
                Map.of("user", "app", "password", "hunter2"), "postgresql://app@db:5432/x");
        assertFalse(spec.toString().contains("hunter2"), spec.toString());
        assertTrue(spec.toString().contains("user=app"));
    }

    @Test
    void propertiesAreAnOrderedUnmodifiableCopy() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("user", "app");
        given.put("password", "pw");
        given.put("sslmode", "require");
        JdbcConnectionSpec spec = new JdbcConnectionSpec("jdbc:postgresql://db/x", given, "d");
        given.put("late", "x");
        assertEquals(List.of("user", "password", "sslmode"), List.copyOf(spec.properties().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> spec.properties().put("x", "y"));
    }

    @Test
    void nullPropertyValuesAreRejected() {
        Map<String, String> given = new HashMap<>();
        given.put("password", null);
        assertThrows(NullPointerException.class, () -> new JdbcConnectionSpec("jdbc:postgresql://db/x", given, "d"));
    }

    @Test
    void toPropertiesGivesTheDriverEverything() {
        JdbcConnectionSpec spec = new JdbcConnectionSpec("jdbc:postgresql://db/x", Map.of("user", "app", "password", "pw"), "d");
        Properties properties = spec.toProperties();
        assertEquals("app", properties.getProperty("user"));
        assertEquals("pw", properties.getProperty("password"));
    }
}
