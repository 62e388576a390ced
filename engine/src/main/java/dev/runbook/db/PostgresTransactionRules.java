package dev.runbook.db;

import java.util.Optional;

/** Knows which PostgreSQL statements refuse to run inside a transaction block. */
final class PostgresTransactionRules {

    private static final String IN_BLOCK = " cannot run inside a transaction block";
    /** Refused in a transaction block before PostgreSQL 12 only. */
    static final String ADD_VALUE = "ALTER TYPE ... ADD VALUE" + IN_BLOCK + " on PostgreSQL < 12";

    private PostgresTransactionRules() {
    }

    static Optional<String> reasonForOne(Keywords k) {
        if (k.startsWith("CREATE", "INDEX", "CONCURRENTLY") || k.startsWith("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY")) {
            return because("CREATE INDEX CONCURRENTLY" + IN_BLOCK);
        }
        if (k.startsWith("DROP", "INDEX", "CONCURRENTLY")) {
            return because("DROP INDEX CONCURRENTLY" + IN_BLOCK);
        }
        if (k.startsWith("REINDEX")) {
            return reindex(k);
        }
        if (k.startsWith("VACUUM")) {
            return because("VACUUM" + IN_BLOCK);
        }
        for (String verb : new String[] {"CREATE", "DROP"}) {
            for (String object : new String[] {"DATABASE", "TABLESPACE"}) {
                if (k.startsWith(verb, object)) {
                    return because(verb + " " + object + IN_BLOCK);
                }
            }
        }
        if (k.startsWith("ALTER", "DATABASE") && k.contains("SET", "TABLESPACE")) {
            return because("ALTER DATABASE ... SET TABLESPACE" + IN_BLOCK);
        }
        if (k.startsWith("ALTER", "SYSTEM")) {
            return because("ALTER SYSTEM" + IN_BLOCK);
        }
        if (k.startsWith("ALTER", "TYPE") && k.contains("ADD", "VALUE")) {
            return because(ADD_VALUE);
        }
        if (k.startsWith("ALTER", "TABLE") && k.contains("DETACH", "PARTITION") && k.contains("CONCURRENTLY")) {
            return because("ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY" + IN_BLOCK);
        }
        return Optional.empty();
    }

    /** REINDEX [(options)] kind [CONCURRENTLY] name; DATABASE and SYSTEM refuse a block even without CONCURRENTLY. */
    private static Optional<String> reindex(Keywords k) {
        int kindAt = k.skipParentheses(1);
        String kind = k.at(kindAt);
        if (k.at(kindAt + 1).equals("CONCURRENTLY")) {
            return because("REINDEX " + kind + " CONCURRENTLY" + IN_BLOCK);
        }
        if (kind.equals("DATABASE") || kind.equals("SYSTEM")) {
            return because("REINDEX " + kind + IN_BLOCK);
        }
        return Optional.empty();
    }

    private static Optional<String> because(String reason) {
        return Optional.of(reason);
    }
}
