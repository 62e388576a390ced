package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    private final Dialect pg = new PostgresDialect();
    private final Dialect mssql = new SqlServerDialect();

    @Test
    void namesBecomeQuestionMarksInOrder() {
        NamedSql sql = pg.parseNamedParameters("SELECT * FROM t WHERE a = :first AND b=:second_2");
        assertEquals("SELECT * FROM t WHERE a = ? AND b=?", sql.jdbcSql());
        assertEquals(List.of("first", "second_2"), sql.names());
    }

    @Test
    void repeatedNameIsListedEachTime() {
        NamedSql sql = pg.parseNamedParameters("SELECT :id, :other, :id");
        assertEquals(List.of("id", "other", "id"), sql.names());
        assertEquals("SELECT ?, ?, ?", sql.jdbcSql());
    }

    @Test
    void dottedNameIsOneParameter() {
        NamedSql sql = pg.parseNamedParameters("SELECT :steps.backup.count + 1, :params.env.");
        assertEquals(List.of("steps.backup.count", "params.env"), sql.names());
        assertEquals("SELECT ? + 1, ?.", sql.jdbcSql());
    }

    @Test
    void castIsNotAParameter() {
        NamedSql sql = pg.parseNamedParameters("SELECT :id::int, '1'::text, x::bigint FROM t");
        assertEquals("SELECT ?::int, '1'::text, x::bigint FROM t", sql.jdbcSql());
        assertEquals(List.of("id"), sql.names());
    }

    @Test
    void assignmentIsNotAParameter() {
        NamedSql sql = pg.parseNamedParameters("SELECT f(a := 1, b := :b)");
        assertEquals("SELECT f(a := 1, b := ?)", sql.jdbcSql());
        assertEquals(List.of("b"), sql.names());
    }

    @Test
    void namesInsideStringsCommentsAndIdentifiersAreLeftAlone() {
        String text = "SELECT ':a', E'\\':b', \"col:c\", $$ :d $$, $q$ :e $q$ -- :f\n /* :g */ FROM t WHERE x = :h";
        NamedSql sql = pg.parseNamedParameters(text);
        assertEquals(List.of("h"), sql.names());
        assertEquals(text.replace(":h", "?"), sql.jdbcSql());
    }

    @Test
    void arraySliceBoundsAreNotParameters() {
        NamedSql sql = pg.parseNamedParameters("SELECT arr[lo:hi], arr[1:2], ARRAY[:a, :b]");
        assertEquals("SELECT arr[lo:hi], arr[1:2], ARRAY[?, ?]", sql.jdbcSql());
        assertEquals(List.of("a", "b"), sql.names());
    }

    @Test
    void colonFollowedBySpaceOrDigitIsNotAParameter() {
        NamedSql sql = pg.parseNamedParameters("SELECT ': ', 1 : 2, :1");
        assertFalse(sql.hasParameters());
        assertEquals("SELECT ': ', 1 : 2, :1", sql.jdbcSql());
    }

    @Test
    void literalQuestionMarkIsDoubledForPgjdbcOnlyInCode() {
        NamedSql sql = pg.parseNamedParameters("SELECT doc ? 'k', doc ?| :keys, '?' FROM t");
        assertEquals("SELECT doc ?? 'k', doc ??| ?, '?' FROM t", sql.jdbcSql());
        assertEquals(List.of("keys"), sql.names());
    }

    @Test
    void sqlServerIgnoresVariablesAndScopeQualifiers() {
        NamedSql sql = mssql.parseNamedParameters(
                "DECLARE @n int = :n; GRANT SELECT ON SCHEMA::dbo TO r; SELECT @@ROWCOUNT, [a:b], N':c' WHERE x = :x");
        assertEquals("DECLARE @n int = ?; GRANT SELECT ON SCHEMA::dbo TO r; SELECT @@ROWCOUNT, [a:b], N':c' WHERE x = ?",
                sql.jdbcSql());
        assertEquals(List.of("n", "x"), sql.names());
    }

    @Test
    void sqlServerLeavesQuestionMarksAlone() {
        assertEquals("SELECT '?', ?, ?", mssql.parseNamedParameters("SELECT '?', :p, ?").jdbcSql());
    }

    @Test
    void statementWithoutParametersIsUnchanged() {
        NamedSql sql = mssql.parseNamedParameters("SELECT 1");
        assertEquals("SELECT 1", sql.jdbcSql());
        assertFalse(sql.hasParameters());
    }
}
