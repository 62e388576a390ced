package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlServerSplitTest {

    private final Dialect mssql = Dialect.forEngine("sqlserver");

    private List<String> texts(String script) {
        return mssql.split(script).stream().map(SqlStatement::text).toList();
    }

    @Test
    void goLineSeparatesBatches() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1\nGO\nSELECT 2\nGO\n"));
    }

    @Test
    void semicolonDoesNotSplitABatch() {
        assertEquals(List.of("SELECT 1; SELECT 2;\nSELECT 3;"), texts("SELECT 1; SELECT 2;\nSELECT 3;\nGO"));
    }

    @Test
    void lowercaseAndIndentedGoSeparates() {
        assertEquals(List.of("SELECT 1", "SELECT 2", "SELECT 3"), texts("SELECT 1\ngo\nSELECT 2\n  \tGo  \nSELECT 3"));
    }

    @Test
    void goWithCountRepeatsThePrecedingBatch() {
        List<SqlStatement> batches = mssql.split("INSERT INTO t DEFAULT VALUES\nGO 3\nSELECT 1\nGO");
        assertEquals(3, batches.get(0).repeat());
        assertEquals(1, batches.get(1).repeat());
    }

    @Test
    void goWithTrailingLineCommentSeparates() {
        List<SqlStatement> batches = mssql.split("SELECT 1\nGO -- end of part one\nSELECT 2\nGO 2 -- twice");
        assertEquals(List.of("SELECT 1", "SELECT 2"), batches.stream().map(SqlStatement::text).toList());
        assertEquals(2, batches.get(1).repeat());
    }

    @Test
    void goInsideAStringDoesNotSplit() {
        String batch = "SELECT 'first\nGO\nstill the string'";
        assertEquals(List.of(batch), texts(batch + "\nGO"));
    }

    @Test
    void goInsideAUnicodeStringDoesNotSplit() {
        String batch = "SELECT N'it''s\ngo\n'";
        assertEquals(List.of(batch, "SELECT 2"), texts(batch + "\nGO\nSELECT 2"));
    }

    @Test
    void goInsideBlockCommentDoesNotSplit() {
        String batch = "/* header\nGO\n/* nested\nGO\n*/ still comment\nGO\n*/\nSELECT 1";
        assertEquals(List.of(batch, "SELECT 2"), texts(batch + "\nGO\nSELECT 2"));
    }

    @Test
    void goInsideBracketedIdentifierDoesNotSplit() {
        String batch = "SELECT 1 AS [a\nGO\n]]b]";
        assertEquals(List.of(batch), texts(batch + "\nGO\n"));
    }

    @Test
    void goInsideDoubleQuotedIdentifierDoesNotSplit() {
        String batch = "SELECT 1 AS \"x\nGO\ny\"";
        assertEquals(List.of(batch), texts(batch));
    }

    @Test
    void goAfterALineCommentLineStillSeparates() {
        assertEquals(List.of("SELECT 1 -- it's over", "SELECT 2"), texts("SELECT 1 -- it's over\nGO\nSELECT 2"));
    }

    @Test
    void goThatIsPartOfALineIsNotASeparator() {
        assertEquals(List.of("SELECT 1 GO\nGOTO done\ngoto_label:"), texts("SELECT 1 GO\nGOTO done\ngoto_label:"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1\\nGO 2x\\nSELECT 2|2|4|'2x'",
        "SELECT 1\\n  go /* note */\\nSELECT 2|2|6|'/* note */'",
        "SELECT 1\\nGO;\\nSELECT 2|2|3|';'",
        "SELECT 1\\nGO 2 3|2|4|'2 3'",
        "SELECT 'é'\\nGO\\nSELECT 1\\nGO -1|4|4|'-1'"})
    void aGoLineWithAnythingButACountAndACommentIsAnErrorAtItsPosition(String script, int line, int column,
                                                                      String found) {
        SqlScriptException e = assertThrows(SqlScriptException.class, () -> mssql.split(script.replace("\\n", "\n")));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains("found '" + found + "'"), e.getMessage());
    }

    @Test
    void aCreateProcedureDoesNotSwallowTheNextBatchBehindAMalformedGo() {
        String script = "CREATE PROCEDURE p AS SELECT 1\nGO /* end of p */\nDROP TABLE audit";
        assertThrows(SqlScriptException.class, () -> mssql.split(script));
    }

    @Test
    void goCountOfZeroIsRejectedWithItsLine() {
        SqlScriptException e = assertThrows(SqlScriptException.class, () -> mssql.split("SELECT 1\nGO 0"));
        assertEquals(2, e.line());
        assertEquals(4, e.column());
    }

    @Test
    void goCountTooLargeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> mssql.split("SELECT 1\nGO 99999999999"));
    }

    @Test
    void emptyAndCommentOnlyBatchesAreDropped() {
        assertEquals(List.of("SELECT 1"), texts("GO\n\nGO\n-- note\nGO\n/* x */\nGO\nSELECT 1\nGO\nGO"));
    }

    @Test
    void emptyScriptGivesNoBatches() {
        assertEquals(List.of(), mssql.split(""));
        assertEquals(List.of(), mssql.split("-- only a comment\n/* and another */"));
    }

    @Test
    void positionsAreRightWithCrLfAndByteOrderMark() {
        List<SqlStatement> batches = mssql.split("\uFEFF  SELECT 1\r\nGO\r\n\r\n\tSELECT 2\r\nGO 2\r\nSELECT\r\n 3");
        assertEquals(new SqlStatement("SELECT 1", 1, 3), batches.get(0));
        assertEquals(new SqlStatement("SELECT 2", 4, 2, 2), batches.get(1));
        assertEquals(new SqlStatement("SELECT\r\n 3", 6, 1), batches.get(2));
    }

    @Test
    void crLfGoLineIsRecognised() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1\r\nGO\r\nSELECT 2\r\n"));
    }

    @Test
    void goOnTheLastLineWithoutNewlineSeparates() {
        assertEquals(List.of("SELECT 1"), texts("SELECT 1\nGO"));
    }

    @Test
    void dollarSignsAndEStringsAreOrdinaryInSqlServer() {
        // no dollar quoting and no backslash escapes: the quote after the backslash ends the string
        assertEquals(List.of("SELECT $$ AS a, E'x\\'", "SELECT 2"), texts("SELECT $$ AS a, E'x\\'\nGO\nSELECT 2"));
    }
}
