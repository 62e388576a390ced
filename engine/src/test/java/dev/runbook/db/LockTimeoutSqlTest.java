package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each dialect sends for a step's lock_timeout, how it is undone, and which statements need one. */
class LockTimeoutSqlTest {
    private final Dialect pg = Dialect.forEngine("postgresql");
    private final Dialect mssql = Dialect.forEngine("sqlserver");

    @Test
    void postgresqlSetsItForTheTransactionOrTheSessionAndResetsTheSession() {
        assertEquals(List.of("SET LOCAL lock_timeout = '5000 ms'"), pg.lockTimeoutSql(Duration.ofSeconds(5), true));
        assertEquals(List.of(), pg.lockTimeoutResetSql(true));
        assertEquals(List.of("SET lock_timeout = '250 ms'"), pg.lockTimeoutSql(Duration.ofMillis(250), false));
        assertEquals(List.of("RESET lock_timeout"), pg.lockTimeoutResetSql(false));
        assertTrue(pg.isLockTimeout("55P03", 0));
        assertFalse(pg.isLockTimeout("57014", 0), "a statement timeout or cancel is not a lock timeout");
    }

    @Test
    void sqlServerSetsLockTimeoutForTheSessionAndAlwaysResetsIt() {
        assertEquals(List.of("SET LOCK_TIMEOUT 5000"), mssql.lockTimeoutSql(Duration.ofSeconds(5), true));
        assertEquals(List.of("SET LOCK_TIMEOUT -1"), mssql.lockTimeoutResetSql(true));
        assertTrue(mssql.isLockTimeout("S0001", 1222));
        assertFalse(mssql.isLockTimeout("S0001", 1205), "a deadlock victim is not a lock timeout");
    }

    @Test
    void bothRoundABoundBelowAMillisecondUpAndRefuseOneTheirSettingCannotHold() {
        // 0 would mean "no bound" to PostgreSQL and "do not wait at all" to SQL Server: neither is what was asked.
        assertEquals(List.of("SET lock_timeout = '1 ms'"), pg.lockTimeoutSql(Duration.ofNanos(10), false));
        assertEquals(List.of("SET LOCK_TIMEOUT 1"), mssql.lockTimeoutSql(Duration.ofNanos(10), false));
        Duration tooLong = Duration.ofDays(30);
        IllegalArgumentException p = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pg.lockTimeoutSql(tooLong, true));
        assertTrue(p.getMessage().startsWith("PostgreSQL lock_timeout cannot exceed 2147483647 ms"), p.getMessage());
        IllegalArgumentException m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> mssql.lockTimeoutSql(tooLong, true));
        assertTrue(m.getMessage().startsWith("SQL Server LOCK_TIMEOUT cannot exceed 2147483647 ms"), m.getMessage());
    }

    @Test
    void ddlIsToldFromDataChangesOnTheFirstKeyword() {
        assertTrue(pg.isDdl("-- add it\nALTER TABLE t ADD COLUMN c int"));
        assertTrue(pg.isDdl("create index i on t (c)"));
        assertFalse(pg.isDdl("UPDATE t SET note = 'ALTER TABLE x'"));
        assertFalse(pg.isDdl("SELECT 1"));
        assertTrue(mssql.isDdl("DROP TABLE dbo.t"));
    }
}
