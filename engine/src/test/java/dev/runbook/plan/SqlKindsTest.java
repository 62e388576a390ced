package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlKindsTest {
    @Test
    void aQueryBehindThousandsOfCommentLinesIsReadOnlyWithoutAStackOverflow() {
        assertTrue(SqlKinds.readOnly("-- licence line\n".repeat(50_000) + "/* and a\nblock */ SELECT 1;"));
        assertFalse(SqlKinds.readOnly("-- note\n".repeat(50_000) + "DELETE FROM t"));
    }

    @Test
    void onlyASingleQueryIsReadOnly() {
        assertTrue(SqlKinds.readOnly("  select count(*) from t  "));
        assertFalse(SqlKinds.readOnly("SELECT 1; DELETE FROM t"));
        assertFalse(SqlKinds.readOnly("SELECT * INTO copy FROM t"));
        assertFalse(SqlKinds.readOnly("/* unterminated SELECT 1"));
        assertFalse(SqlKinds.readOnly("UPDATE t SET a = 1"));
    }
}
