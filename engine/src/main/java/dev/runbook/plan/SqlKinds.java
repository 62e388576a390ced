package dev.runbook.plan;

import java.util.regex.Pattern;

/** Tells read-only SQL (queries) from SQL that changes the target, conservatively. */
final class SqlKinds {
    private static final Pattern READ_ONLY = Pattern.compile(
            "(SELECT|SHOW|EXPLAIN|VALUES|TABLE)\\b[^;]*;?\\s*", Pattern.CASE_INSENSITIVE);

    private SqlKinds() {}

    /** True only for a single query statement; anything else is treated as a change. */
    static boolean readOnly(String sql) {
        String code = sql.substring(leadingCommentsEnd(sql));
        return READ_ONLY.matcher(code).matches() && !sql.toUpperCase(java.util.Locale.ROOT).contains(" INTO ");
    }

    /**
     * Where the leading whitespace and comments end. A loop, not a repeated regex group: Java matches
     * {@code (comment)*} recursively, and a file opening with a thousand comment lines overflowed the stack.
     */
    private static int leadingCommentsEnd(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                if (end < 0) return sql.length();
                i = end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) return sql.length();
                i = end + 2;
            } else {
                return i;
            }
        }
        return i;
    }
}
