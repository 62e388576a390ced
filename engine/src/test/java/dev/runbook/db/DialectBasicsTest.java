package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialectBasicsTest {

    private final Dialect pg = new PostgresDialect();
    private final Dialect mssql = new SqlServerDialect();

    @Test
    void forEngineFindsEachDialectIgnoringCase() {
        assertInstanceOf(PostgresDialect.class, Dialect.forEngine("postgresql"));
        assertInstanceOf(SqlServerDialect.class, Dialect.forEngine(" SQLServer "));
        assertEquals("postgresql", Dialect.forEngine("PostgreSQL").engine());
        assertEquals("sqlserver", Dialect.forEngine("sqlserver").engine());
    }

    @Test
    void unknownEngineIsRejectedNamingTheSupportedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dialect.forEngine("oracle"));
        assertTrue(e.getMessage().contains("oracle"));
        assertTrue(e.getMessage().contains("postgresql, sqlserver"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dialect.forEngine(null));
    }

    @Test
    void dialectsAreValuesEqualByEngine() {
        assertEquals(pg, Dialect.forEngine("postgresql"));
        assertEquals(pg.hashCode(), Dialect.forEngine("postgresql").hashCode());
        assertFalse(pg.equals(mssql));
        assertEquals("sqlserver", mssql.toString());
    }

    @Test
    void bothEnginesRunDdlInTransactions() {
        assertTrue(pg.transactionalDdl());
        assertTrue(mssql.transactionalDdl());
    }

    @Test
    void postgresTimeoutIsSetLocalInMilliseconds() {
        assertTrue(pg.supportsSetLocalTimeout());
        assertEquals(List.of("SET LOCAL statement_timeout = '1500 ms'"), pg.statementTimeoutSql(Duration.ofMillis(1500)));
        assertEquals(List.of("SET LOCAL statement_timeout = '300000 ms'"), pg.statementTimeoutSql(Duration.ofMinutes(5)));
    }

    @Test
    void postgresSubMillisecondTimeoutRoundsUpInsteadOfDisabling() {
        assertEquals(List.of("SET LOCAL statement_timeout = '1 ms'"), pg.statementTimeoutSql(Duration.ofNanos(1)));
        assertEquals(List.of("SET LOCAL statement_timeout = '3 ms'"), pg.statementTimeoutSql(Duration.ofNanos(2_000_001)));
    }

    @Test
    void zeroTimeoutMeansNoLimit() {
        assertEquals(List.of("SET LOCAL statement_timeout = '0 ms'"), pg.statementTimeoutSql(Duration.ZERO));
        assertEquals(0, pg.queryTimeoutSeconds(Duration.ZERO));
    }

    @Test
    void timeoutsThatCannotBeExpressedAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> pg.statementTimeoutSql(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> pg.statementTimeoutSql(Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> mssql.statementTimeoutSql(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> mssql.queryTimeoutSeconds(Duration.ofSeconds(-1)));
    }

    @Test
    void sqlServerHasNoTimeoutSqlAndReliesOnQueryTimeout() {
        assertFalse(mssql.supportsSetLocalTimeout());
        assertEquals(List.of(), mssql.statementTimeoutSql(Duration.ofSeconds(5)));
    }

    @Test
    void queryTimeoutSecondsRoundUpSoShortTimeoutsStillLimit() {
        assertEquals(1, mssql.queryTimeoutSeconds(Duration.ofMillis(1)));
        assertEquals(2, mssql.queryTimeoutSeconds(Duration.ofMillis(1001)));
        assertEquals(5, pg.queryTimeoutSeconds(Duration.ofSeconds(5)));
        assertEquals(Integer.MAX_VALUE, pg.queryTimeoutSeconds(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void statementRecordRejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new SqlStatement(" ", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SqlStatement("x", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SqlStatement("x", 1, 1, 0));
    }

    @Test
    void namedSqlNamesCannotBeChangedAfterwards() {
        NamedSql sql = pg.parseNamedParameters("SELECT :a");
        assertThrows(UnsupportedOperationException.class, () -> sql.names().add("b"));
    }

    @Test
    void eachDialectNamesItsDriversConnectTimeoutAndItsSessionAndSequenceQueries() {
        assertEquals("connectTimeout", Dialect.forEngine("postgresql").connectTimeoutProperty());
        assertEquals("loginTimeout", Dialect.forEngine("sqlserver").connectTimeoutProperty());
        assertTrue(Dialect.forEngine("postgresql").runLockHoldersSql().contains("pg_locks"));
        assertTrue(Dialect.forEngine("sqlserver").runLockHoldersSql().contains("sys.dm_tran_locks"));
        assertTrue(Dialect.forEngine("sqlserver").runLockHoldersSql().contains("program_name LIKE ?"));
        assertTrue(Dialect.forEngine("postgresql").sequenceValuesSql().contains("pg_sequences"));
        assertTrue(Dialect.forEngine("sqlserver").sequenceValuesSql().contains("sys.sequences"));
    }
}
