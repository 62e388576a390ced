package dev.runbook.plan;

import java.util.regex.Pattern;

/** Tells read-only SQL (queries) from SQL that changes the target, conservatively. */
final class SqlKinds {
    private static final Pattern READ_ONLY = Pattern.compile(
            "^(\\s*(--[^\\n]*\\n|/\\*.*?\\*/))*\\s*(SELECT|SHOW|EXPLAIN|VALUES|TABLE)\\b[^;]*;?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private SqlKinds() {}

    /** True only for a single query statement; anything else is treated as a change. */
    static boolean readOnly(String sql) {
        return READ_ONLY.matcher(sql).matches() && !sql.toUpperCase(java.util.Locale.ROOT).contains(" INTO ");
    }
}
