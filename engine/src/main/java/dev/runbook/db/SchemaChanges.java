package dev.runbook.db;

import java.util.Set;

/**
 * Whether a statement changes the schema (DDL), which takes locks that queue every other query on the table:
 * what an environment's {@code require_lock_timeout} policy is about. Decided on the first keyword, on the
 * dialect's tokens so comments and literals never count.
 */
final class SchemaChanges {
    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "COMMENT", "REINDEX",
            "CLUSTER", "LOCK", "GRANT", "REVOKE", "REFRESH");

    private SchemaChanges() {}

    static boolean isDdl(String statement, SqlLexer lexer) {
        Keywords k = Keywords.of(statement, lexer);
        int i = 0;
        // A CTE or EXPLAIN never changes the schema; a leading "(" or ";" is no keyword.
        while (i < k.size() && (k.at(i).equals("(") || k.at(i).equals(";"))) i++;
        return DDL.contains(k.at(i));
    }
}
