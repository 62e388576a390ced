package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void knownSecretsAreMaskedEvenOutsideUrlsIncludingEncodedAndQuotedForms() {
        SecretMasker m = new SecretMasker(List.of("p@ss w'x"));
        assertEquals("bad password '******' (encoded ****** or ******, quoted '******')",
                m.mask("bad password 'p@ss w'x' (encoded p%40ss%20w%27x or p%40ss+w%27x, quoted 'p@ss w''x')"));
    }

    @Test
    void secretShapesAreMaskedWithoutKnowingTheValue() {
        SecretMasker m = SecretMasker.none();
        assertEquals("tried postgresql://app:******@db/x and jdbc:sqlserver://h;user=a;password=******; token=******",
                m.mask("tried postgresql://app:hunter2@db/x and jdbc:sqlserver://h;user=a;password=hunter2; token=abc123"));
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        SecretMasker m = new SecretMasker(List.of("abc", "abcdef"));
        assertEquals("key ******.", m.mask("key abcdef."));
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertNull(SecretMasker.none().mask(null));
        assertEquals("", SecretMasker.none().mask(""));
    }
}
