package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NonTransactionalTest {

    private final Dialect pg = new PostgresDialect();
    private final Dialect mssql = new SqlServerDialect();

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE INDEX CONCURRENTLY i ON t (a)",
        "create unique index concurrently if not exists i on t (a)",
        "DROP INDEX CONCURRENTLY IF EXISTS i",
        "VACUUM (VERBOSE, ANALYZE) t",
        "vacuum",
        "CREATE DATABASE shop",
        "DROP DATABASE IF EXISTS shop",
        "CREATE TABLESPACE fast LOCATION '/ssd'",
        "DROP TABLESPACE fast",
        "ALTER SYSTEM SET work_mem = '64MB'",
        "REINDEX INDEX CONCURRENTLY i",
        "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
        "REINDEX DATABASE shop",
        "ALTER DATABASE shop SET TABLESPACE fast",
        "ALTER TABLE parent DETACH PARTITION child CONCURRENTLY",
    })
    void postgresStatementsThatRefuseATransactionBlockAreRecognised(String sql) {
        Optional<String> reason = pg.nonTransactionalReason(sql);
        assertTrue(reason.isPresent(), sql);
        assertTrue(reason.get().contains("cannot run inside a transaction block"), reason.get());
    }

    @Test
    void alterTypeAddValueNamesTheVersionLimit() {
        assertEquals(Optional.of("ALTER TYPE ... ADD VALUE cannot run inside a transaction block on PostgreSQL < 12"),
                pg.nonTransactionalReason("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'ok'"));
    }

    @Test
    void reasonNamesTheStatement() {
        assertEquals(Optional.of("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"),
                pg.nonTransactionalReason("CREATE INDEX CONCURRENTLY i ON t (a)"));
    }

    @Test
    void statementHiddenAfterCommentsIsFound() {
        String sql = "-- build it online\n/* reviewed /* twice */ by ops */\n  CREATE INDEX CONCURRENTLY i ON t (a)";
        assertTrue(pg.nonTransactionalReason(sql).isPresent());
        assertTrue(mssql.nonTransactionalReason("/* GO\n */ -- backup first\nBACKUP DATABASE shop TO DISK = 'x'")
                .isPresent());
    }

    @Test
    void secondStatementOfAScriptIsChecked() {
        assertTrue(pg.nonTransactionalReason("SELECT 1; VACUUM t;").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE INDEX i ON t (a)",
        "SELECT 'CREATE INDEX CONCURRENTLY i ON t (a)'",
        "SELECT 1 -- VACUUM\n",
        "/* VACUUM */ SELECT 1",
        "CREATE FUNCTION f() RETURNS void AS $$ VACUUM $$ LANGUAGE sql",
        "SELECT \"vacuum\" FROM t",
        "CREATE INDEX concurrently_idx ON t (a)",
        "REINDEX TABLE t",
        "ALTER TYPE mood RENAME VALUE 'a' TO 'b'",
        "ALTER DATABASE shop SET work_mem = '1MB'",
        "INSERT INTO audit (what) VALUES ('DROP DATABASE')",
        "",
    })
    void postgresStatementsThatRunInATransactionAreNotFlagged(String sql) {
        assertEquals(Optional.empty(), pg.nonTransactionalReason(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE DATABASE shop",
        "ALTER DATABASE shop SET RECOVERY SIMPLE",
        "IF DB_ID('shop') IS NOT NULL DROP DATABASE shop",
        "BACKUP DATABASE shop TO DISK = N'/backup/shop.bak'",
        "backup log shop to disk = 'x'",
        "RESTORE DATABASE shop FROM DISK = 'x'",
        "RESTORE VERIFYONLY FROM DISK = 'x'",
        "EXEC sp_configure 'show advanced options', 1; RECONFIGURE;",
        "CREATE FULLTEXT CATALOG ft",
        "ALTER FULLTEXT INDEX ON t START FULL POPULATION",
        "DROP FULLTEXT INDEX ON t",
    })
    void sqlServerStatementsRefusedInATransactionAreRecognised(String sql) {
        Optional<String> reason = mssql.nonTransactionalReason(sql);
        assertTrue(reason.isPresent(), sql);
        assertTrue(reason.get().endsWith("is not allowed in an explicit transaction on SQL Server"), reason.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE t (a int)",
        "SELECT 'BACKUP DATABASE x'",
        "SELECT [backup] FROM t",
        "DECLARE @backup int = 1",
        "-- RESTORE DATABASE x\nSELECT 1",
        "CREATE DATABASE SCOPED CREDENTIAL c WITH IDENTITY = 'x'",
        "ALTER DATABASE SCOPED CONFIGURATION SET MAXDOP = 1",
        "CREATE FULLTEXT STOPLIST s",
        "SELECT backup_finish_date FROM msdb.dbo.backupset",
    })
    void sqlServerStatementsAllowedInATransactionAreNotFlagged(String sql) {
        assertEquals(Optional.empty(), mssql.nonTransactionalReason(sql), sql);
    }
}
