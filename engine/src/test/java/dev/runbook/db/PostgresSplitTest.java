package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSplitTest {

    private final Dialect pg = Dialect.forEngine("postgresql");

    private List<String> texts(String script) {
        return pg.split(script).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splitsOnSemicolonsAndDropsTheTerminator() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1;\nSELECT 2;\n"));
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1; SELECT 2"));
    }

    @Test
    void emptyScriptGivesNoStatements() {
        assertEquals(List.of(), pg.split(""));
        assertEquals(List.of(), pg.split("  \n\t \r\n"));
    }

    @Test
    void emptyStatementsAreDropped() {
        assertEquals(List.of("SELECT 1"), texts(";;  ; SELECT 1;;\n;"));
    }

    @Test
    void scriptOfOnlyCommentsGivesNoStatements() {
        assertEquals(List.of(), pg.split("-- one\n/* two\n /* nested */ still */\n-- three;\n;"));
    }

    @Test
    void commentOnlyPieceBetweenStatementsIsDropped() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1; -- trailing note\n;SELECT 2;"));
    }

    @Test
    void leadingCommentStaysWithItsStatement() {
        assertEquals(List.of("-- make it\nCREATE TABLE t (a int)"), texts("-- make it\nCREATE TABLE t (a int);"));
    }

    @Test
    void semicolonInsideSingleQuotesDoesNotSplit() {
        assertEquals(List.of("SELECT 'a;b', 'it''s; fine'", "SELECT 2"), texts("SELECT 'a;b', 'it''s; fine'; SELECT 2"));
    }

    @Test
    void escapeStringWithBackslashQuoteDoesNotEndEarly() {
        String script = "SELECT E'it\\'s; here', e'back\\\\'; SELECT 2";
        assertEquals(List.of("SELECT E'it\\'s; here', e'back\\\\'", "SELECT 2"), texts(script));
    }

    @Test
    void backslashInStandardStringIsLiteral() {
        // standard_conforming_strings: the backslash does not escape, so the string ends at the second quote
        assertEquals(List.of("SELECT 'C:\\'", "SELECT 2"), texts("SELECT 'C:\\'; SELECT 2"));
    }

    @Test
    void wordEndingInEIsNotAnEscapeStringPrefix() {
        assertEquals(List.of("SELECT name'x'", "SELECT '\\'"), texts("SELECT name'x'; SELECT '\\';"));
    }

    @Test
    void semicolonInsideDoubleQuotedIdentifierDoesNotSplit() {
        assertEquals(List.of("SELECT 1 AS \"a;\"\"b\"", "SELECT 2"), texts("SELECT 1 AS \"a;\"\"b\"; SELECT 2"));
    }

    @Test
    void dollarQuotedBodyKeepsItsSemicolons() {
        String fn = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN PERFORM 1; RETURN 2; END $$ LANGUAGE plpgsql";
        assertEquals(List.of(fn, "SELECT f()"), texts(fn + ";\nSELECT f();"));
    }

    @Test
    void taggedDollarQuotesNestDifferentTags() {
        String body = "DO $outer$ BEGIN EXECUTE $inner$ SELECT ';'; $$ $inner$; RAISE NOTICE $x$;$x$; END $outer$";
        assertEquals(List.of(body, "SELECT 3"), texts(body + "; SELECT 3"));
    }

    @Test
    void positionalParameterIsNotADollarQuote() {
        assertEquals(List.of("PREPARE p AS SELECT $1", "EXECUTE p(1)"), texts("PREPARE p AS SELECT $1; EXECUTE p(1);"));
    }

    @Test
    void dollarInsideIdentifierIsNotADollarQuote() {
        assertEquals(List.of("SELECT a$$b FROM t", "SELECT 2"), texts("SELECT a$$b FROM t; SELECT 2"));
    }

    @Test
    void lineCommentHidesSemicolonAndQuote() {
        assertEquals(List.of("SELECT 1 -- don't; split\n+ 1", "SELECT 2"), texts("SELECT 1 -- don't; split\n+ 1; SELECT 2"));
    }

    @Test
    void nestedBlockCommentHidesSemicolons() {
        String first = "SELECT /* outer /* inner; */ still; comment */ 1";
        assertEquals(List.of(first, "SELECT 2"), texts(first + "; SELECT 2"));
    }

    @Test
    void semicolonInsideParenthesesDoesNotSplit() {
        String rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))";
        assertEquals(List.of(rule, "SELECT 1"), texts(rule + "; SELECT 1"));
    }

    @Test
    void strayClosingParenthesisDoesNotDisableSplitting() {
        assertEquals(List.of("SELECT 1)", "SELECT 2"), texts("SELECT 1); SELECT 2"));
    }

    @Test
    void unterminatedStringRunsToTheEnd() {
        assertEquals(List.of("SELECT 'open; SELECT 2"), texts("SELECT 'open; SELECT 2"));
    }

    @Test
    void positionsAreLineAndColumnOfFirstNonBlankCharacter() {
        List<SqlStatement> statements = pg.split("SELECT 1;\n\n   SELECT 2; SELECT\n3;");
        assertEquals(new SqlStatement("SELECT 1", 1, 1), statements.get(0));
        assertEquals(new SqlStatement("SELECT 2", 3, 4), statements.get(1));
        assertEquals(new SqlStatement("SELECT\n3", 3, 14), statements.get(2));
    }

    @Test
    void positionsAreRightWithCrLfLineEndings() {
        List<SqlStatement> statements = pg.split("SELECT 1;\r\n-- c\r\n  SELECT 'a\r\nb';\r\n\tSELECT 3;\r\n");
        assertEquals(3, statements.size());
        assertEquals(1, statements.get(0).line());
        assertEquals(new SqlStatement("-- c\r\n  SELECT 'a\r\nb'", 2, 1), statements.get(1));
        assertEquals(5, statements.get(2).line());
        assertEquals(2, statements.get(2).column());
    }

    @Test
    void byteOrderMarkIsStrippedAndNotCounted() {
        List<SqlStatement> statements = pg.split("\uFEFFSELECT 1;\n  SELECT 2;");
        assertEquals(new SqlStatement("SELECT 1", 1, 1), statements.get(0));
        assertEquals(new SqlStatement("SELECT 2", 2, 3), statements.get(1));
    }

    @Test
    void columnsCountCodePointsNotUtf16Units() {
        List<SqlStatement> statements = pg.split("SELECT '\uD83D\uDE00'; SELECT 2;");
        assertEquals(13, statements.get(1).column());
    }

    @Test
    void loneCarriageReturnEndsALine() {
        assertEquals(2, pg.split("SELECT 1;\rSELECT 2;").get(1).line());
    }

    @Test
    void everyStatementRunsOnce() {
        assertTrue(pg.split("SELECT 1; SELECT 2").stream().allMatch(s -> s.repeat() == 1));
    }

    @Test
    void aBeginAtomicBodyIsOneStatementCaseAndAllAndACreateTableAfterItIsTheNext() {
        String f = "CREATE OR REPLACE FUNCTION f(n int) RETURNS text LANGUAGE sql\nBEGIN ATOMIC\n SELECT CASE WHEN n > 1 THEN 'a' END;\n"
                + " SELECT 'b';\nEND";
        assertEquals(List.of(f, "CREATE TABLE t (begin_at int)", "BEGIN", "COMMIT"),
                texts(f + ";\nCREATE TABLE t (begin_at int);\nBEGIN;\nCOMMIT;"));
    }

    @Test
    void copyFromStdinCarriesItsInlineRowsAndSqlResumesAfterTheEndMarker() {
        List<SqlStatement> s = pg.split("COPY t (a, b) FROM stdin;\n1\tit's; -- x\n2\t$$ (\n\\.\nSELECT 1;");
        assertEquals(List.of("COPY t (a, b) FROM stdin", "SELECT 1"), s.stream().map(SqlStatement::text).toList());
        assertEquals("1\tit's; -- x\n2\t$$ (\n", s.get(0).copyData());
        assertEquals(5, s.get(1).line());
    }

    @Test
    void psqlRestrictLinesAreSkippedAndBackslashSemicolonSeparates() {
        assertEquals(List.of("SELECT 1", "SELECT 2", "SELECT 3"),
                texts("\\restrict abc123\nSELECT 1 \\; SELECT 2;\nSELECT 3;\n\\unrestrict abc123\n"));
    }

    @Test
    void otherMetaCommandsAreRefusedWithTheirPosition() {
        SqlScriptException e = org.junit.jupiter.api.Assertions.assertThrows(SqlScriptException.class,
                () -> pg.split("SELECT 1;\n  \\set x 1\n"));
        assertEquals("2:3", e.line() + ":" + e.column());
        assertTrue(e.getMessage().contains("\\set"), e.getMessage());
    }
}
