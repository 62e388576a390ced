package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    @Test
    void userInfoPasswordIsMaskedAndUserKept() {
        assertEquals("postgresql://app:******@db:5432/shop", Redactor.redactUrl("postgresql://app:s3cret@db:5432/shop"));
    }

    @Test
    void semicolonPropertyPasswordIsMasked() {
        assertEquals("jdbc:sqlserver://db;user=app;password=******;encrypt=true",
                Redactor.redactUrl("jdbc:sqlserver://db;user=app;password=s3cret;encrypt=true"));
    }

    @Test
    void bracedPasswordIsMaskedWhole() {
        assertEquals("jdbc:sqlserver://db;password=******;encrypt=true",
                Redactor.redactUrl("jdbc:sqlserver://db;password={a;b}}c};encrypt=true"));
    }

    @Test
    void queryParameterPasswordIsMasked() {
        assertEquals("jdbc:postgresql://db/shop?password=******&sslmode=require",
                Redactor.redactUrl("jdbc:postgresql://db/shop?password=s3cret&sslmode=require"));
        assertEquals("jdbc:postgresql://db/shop?sslmode=require&Password=******",
                Redactor.redactUrl("jdbc:postgresql://db/shop?sslmode=require&Password=s3cret"));
    }

    @Test
    void odbcPwdIsMasked() {
        assertEquals("Server=db;Uid=app;Pwd=******;", Redactor.redactUrl("Server=db;Uid=app;Pwd=s3cret;"));
        assertEquals("Pwd=******;Server=db", Redactor.redactUrl("Pwd=s3cret;Server=db"));
    }

    @Test
    void otherSecretKeysAreMasked() {
        assertEquals("jdbc:postgresql://db/x?sslpassword=******",
                Redactor.redactUrl("jdbc:postgresql://db/x?sslpassword=keypw"));
        assertEquals("jdbc:sqlserver://db;accessToken=******",
                Redactor.redactUrl("jdbc:sqlserver://db;accessToken=eyJ0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgresql://app:p@ss@db/shop",
        "postgresql://app:pa/ss@db/shop",
        "postgresql://app:pa?ss@db/shop",
        "postgresql://app:pa;ss@db/shop",
        "connect failed for postgresql://app:pa/ss@db/shop: timeout",
    })
    void rawSpecialCharactersInPasswordDoNotLeak(String url) {
        String redacted = Redactor.redactUrl(url);
        assertFalse(redacted.contains("ss"), redacted);
        assertTrue(redacted.contains("app:******@db/shop"), redacted);
    }

    @Test
    void urlsWithoutPasswordsAreUnchanged() {
        for (String url : List.of("postgresql://app@db:5432/shop", "jdbc:postgresql://db,db2:5433/shop?user=me@corp",
                "jdbc:sqlserver://db\\inst:1433;databaseName=shop;user=me@corp", "https://example.com/a@b",
                "postgresql://[::1]:5432/shop", "jdbc:postgresql://db/shop?password=")) {
            assertEquals(url, Redactor.redactUrl(url));
        }
    }

    @Test
    void everyUrlInAMessageIsRedacted() {
        String message = "tried postgresql://a:one@h1/db then jdbc:sqlserver://h2;password=two; both failed";
        assertEquals("tried postgresql://a:******@h1/db then jdbc:sqlserver://h2;password=******; both failed",
                Redactor.redactUrl(message));
    }

    @Test
    void looseKeyValueInAMessageIsRedacted() {
        assertEquals("login failed password=****** for app", Redactor.redactUrl("login failed password=s3cret for app"));
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertNull(Redactor.redactUrl(null));
        assertEquals("", Redactor.redactUrl(""));
    }
}
