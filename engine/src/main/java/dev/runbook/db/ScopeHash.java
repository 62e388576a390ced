package dev.runbook.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** SHA-256 of a lock scope, the stable source of every engine's lock key. */
final class ScopeHash {

    private ScopeHash() {
    }

    static byte[] sha256(String scope) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank()) {
            throw new IllegalArgumentException("lock scope must not be blank");
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** The first 8 bytes, big-endian, as a signed long. */
    static long firstLong(String scope) {
        return ByteBuffer.wrap(sha256(scope)).getLong();
    }

    static String hex(String scope, int characters) {
        return HexFormat.of().formatHex(sha256(scope)).substring(0, characters);
    }
}
