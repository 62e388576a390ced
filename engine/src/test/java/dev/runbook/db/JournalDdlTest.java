package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalDdlTest {

    private final Dialect pg = new PostgresDialect();
    private final Dialect mssql = new SqlServerDialect();

    @Test
    void postgresCreatesJournalAndMetaOnlyIfMissing() {
        List<String> ddl = pg.journalDdl("runbook_journal");
        assertEquals(3, ddl.size());
        assertTrue(ddl.get(0).startsWith("CREATE TABLE IF NOT EXISTS \"runbook_journal\" ("), ddl.get(0));
        assertTrue(ddl.get(1).startsWith("CREATE TABLE IF NOT EXISTS \"runbook_journal_meta\" ("), ddl.get(1));
        assertEquals("INSERT INTO \"runbook_journal_meta\" (id, schema_version) VALUES (1, 1) ON CONFLICT (id) DO NOTHING",
                ddl.get(2));
    }

    @Test
    void postgresColumnsUseTimestamptzAndText() {
        String table = pg.journalDdl("j").get(0);
        assertTrue(table.contains("\"run_id\" varchar(64) NOT NULL"));
        assertTrue(table.contains("\"item_key\" varchar(300) NOT NULL"));
        assertTrue(table.contains("\"kind\" varchar(16) NOT NULL"));
        assertTrue(table.contains("\"runbook_checksum\" varchar(80) NULL"));
        assertTrue(table.contains("\"tool_version\" varchar(40) NULL"));
        assertTrue(table.contains("\"started_at\" timestamptz NULL"));
        assertTrue(table.contains("\"ended_at\" timestamptz NULL"));
        assertTrue(table.contains("\"detail\" text NULL"));
        assertTrue(table.contains("PRIMARY KEY (\"run_id\", \"item_key\")"));
        assertTrue(table.contains("CHECK (\"kind\" IN ('run', 'step', 'rollback', 'meta'))"));
    }

    @Test
    void everyJournalColumnIsCreatedOnBothEngines() {
        String pgTable = pg.journalDdl("j").get(0);
        String msTable = mssql.journalDdl("j").get(0);
        for (JournalSchema.Column column : JournalSchema.COLUMNS) {
            assertTrue(pgTable.contains("\"" + column.name() + "\" "), column.name());
            assertTrue(msTable.contains("[" + column.name() + "] "), column.name());
        }
        assertEquals(16, JournalSchema.COLUMNS.size());
    }

    @Test
    void sqlServerGuardsCreationWithObjectId() {
        List<String> ddl = mssql.journalDdl("runbook_journal");
        assertTrue(ddl.get(0).startsWith("IF OBJECT_ID(N'[runbook_journal]', N'U') IS NULL\nCREATE TABLE [runbook_journal] ("),
                ddl.get(0));
        assertTrue(ddl.get(1).startsWith("IF OBJECT_ID(N'[runbook_journal_meta]', N'U') IS NULL\nCREATE TABLE [runbook_journal_meta] ("));
        assertEquals("IF NOT EXISTS (SELECT 1 FROM [runbook_journal_meta])\n"
                + "INSERT INTO [runbook_journal_meta] (id, schema_version) VALUES (1, 1)", ddl.get(2));
    }

    @Test
    void sqlServerColumnsUseDatetimeoffsetAndUnicodeText() {
        String table = mssql.journalDdl("j").get(0);
        assertTrue(table.contains("[run_id] nvarchar(64) NOT NULL"));
        assertTrue(table.contains("[started_at] datetimeoffset NULL"));
        assertTrue(table.contains("[detail] nvarchar(max) NULL"));
        assertTrue(table.contains("PRIMARY KEY ([run_id], [item_key])"));
    }

    @Test
    void metaTableHoldsOneVersionRow() {
        String meta = pg.journalDdl("j").get(1);
        assertTrue(meta.contains("id int NOT NULL PRIMARY KEY CHECK (id = 1)"));
        assertTrue(meta.contains("schema_version int NOT NULL"));
        assertEquals(1, JournalSchema.VERSION);
    }

    @Test
    void schemaQualifiedNamesAreQuotedAndMetaSuffixGoesOnTheTable() {
        assertEquals("CREATE SCHEMA IF NOT EXISTS \"ops\"", pg.journalDdl("ops.Journal").get(0));
        assertTrue(pg.journalDdl("ops.Journal").get(1).startsWith("CREATE TABLE IF NOT EXISTS \"ops\".\"Journal\" ("));
        assertTrue(pg.journalDdl("ops.Journal").get(2).contains("\"ops\".\"Journal_meta\""));
        assertTrue(mssql.journalDdl("dbo.journal").get(2).contains("[dbo].[journal_meta]"));
    }

    @Test
    void aQualifiedJournalCreatesItsSchemaFirstAndSqlServerDoesItInABatchOfItsOwn() {
        assertEquals("IF SCHEMA_ID(N'runbook') IS NULL\nEXEC(N'CREATE SCHEMA [runbook]')", mssql.journalDdl("runbook.history").get(0));
        assertEquals(3, pg.journalDdl("history").size(), "an unqualified journal lives in the default schema");
        assertEquals("runbook.history", JournalSchema.DEFAULT_TABLE);
    }

    @Test
    void quoteInsideTableNameIsEscapedInTheObjectIdLiteral() {
        String ddl = mssql.journalDdl("it's").get(0);
        assertTrue(ddl.startsWith("IF OBJECT_ID(N'[it''s]', N'U') IS NULL\nCREATE TABLE [it's] ("), ddl);
    }

    @Test
    void tableExistsQueriesUseSystemCatalogs() {
        assertTrue(pg.tableExistsSql().contains("information_schema.tables"));
        assertTrue(pg.tableExistsSql().contains("coalesce(CAST(? AS varchar), current_schema())"));
        assertTrue(mssql.tableExistsSql().contains("sys.tables"));
        assertTrue(mssql.tableExistsSql().contains("COALESCE(?, SCHEMA_NAME())"));
        assertEquals(2, pg.tableExistsSql().chars().filter(c -> c == '?').count());
        assertEquals(2, mssql.tableExistsSql().chars().filter(c -> c == '?').count());
    }
}
