package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteIdentifierTest {

    private final Dialect pg = new PostgresDialect();
    private final Dialect mssql = new SqlServerDialect();

    @Test
    void postgresDoublesEmbeddedDoubleQuotes() {
        assertEquals("\"a\"\"b\"", pg.quoteIdentifier("a\"b"));
    }

    @Test
    void sqlServerDoublesClosingBrackets() {
        assertEquals("[a]]b]", mssql.quoteIdentifier("a]b"));
        assertEquals("[a[b]", mssql.quoteIdentifier("a[b"));
    }

    @Test
    void qualifiedNameIsQuotedPerPart() {
        assertEquals("\"ops\".\"Run Journal\"", pg.quoteIdentifier("ops.Run Journal"));
        assertEquals("[ops].[journal]", mssql.quoteIdentifier("ops.journal"));
        assertEquals("[db].[dbo].[t]", mssql.quoteIdentifier("db.dbo.t"));
    }

    @Test
    void alreadyQuotedPartsMayContainDots() {
        assertEquals(List.of("my.schema", "t\"x"), pg.identifierParts("\"my.schema\".\"t\"\"x\""));
        assertEquals("\"my.schema\".\"t\"", pg.quoteIdentifier("\"my.schema\".t"));
        assertEquals("[my.schema].[t]]x]", mssql.quoteIdentifier("[my.schema].[t]]x]"));
        assertEquals("[a.b]", mssql.quoteIdentifier("\"a.b\""));
    }

    @Test
    void caseIsKept() {
        assertEquals("\"Journal\"", pg.quoteIdentifier("Journal"));
    }

    @Test
    void whitespaceAroundBarePartsIsIgnored() {
        assertEquals("\"ops\".\"journal\"", pg.quoteIdentifier(" ops . journal "));
    }

    @Test
    void emptyPartsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> pg.quoteIdentifier(""));
        assertThrows(IllegalArgumentException.class, () -> pg.quoteIdentifier("ops."));
        assertThrows(IllegalArgumentException.class, () -> mssql.quoteIdentifier(".t"));
        assertThrows(IllegalArgumentException.class, () -> pg.quoteIdentifier("a..b"));
        assertThrows(IllegalArgumentException.class, () -> pg.quoteIdentifier("\"\""));
    }

    @Test
    void malformedQuotingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> pg.quoteIdentifier("\"open"));
        assertThrows(IllegalArgumentException.class, () -> mssql.quoteIdentifier("[a]x"));
        assertThrows(IllegalArgumentException.class, () -> pg.quoteIdentifier("a\0b"));
    }
}
