package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class RunLockSqlTest {

    private final PostgresDialect pg = new PostgresDialect();
    private final SqlServerDialect mssql = new SqlServerDialect();

    private static long firstEightBytesAsLong(String scope) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    @Test
    void advisoryKeyIsTheFirstEightBytesOfSha256AsSignedLong() throws Exception {
        for (String scope : new String[] {"shop/prod", "x", "another scope \u00fc"}) {
            assertEquals(firstEightBytesAsLong(scope), pg.advisoryKey(scope), scope);
        }
    }

    @Test
    void advisoryKeyIsStableAcrossReleases() {
        // Pinned values (also computed with Python's hashlib): changing them would let two versions of
        // Runbook run against the same target at once.
        assertEquals(-8442710696024159224L, pg.advisoryKey("shop/prod"));
        assertEquals(3274422879871479876L, pg.advisoryKey("x"));
        assertEquals(-2615786309560455405L, pg.advisoryKey("another scope \u00fc"));
    }

    @Test
    void differentScopesGetDifferentKeys() {
        assertNotEquals(pg.advisoryKey("shop/prod"), pg.advisoryKey("shop/test"));
    }

    @Test
    void blankScopeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> pg.lockSql(" "));
        assertThrows(IllegalArgumentException.class, () -> mssql.lockSql(""));
    }

    @Test
    void postgresLockUsesSessionAdvisoryLockBoundToTheKey() {
        LockSql lock = pg.lockSql("shop/prod");
        assertEquals(-8442710696024159224L, lock.key());
        assertEquals("SELECT pg_try_advisory_lock(?) AS acquired", lock.tryLockSql());
        assertEquals("SELECT pg_advisory_unlock(?) AS released", lock.releaseSql());
    }

    @Test
    void postgresHolderQuerySplitsTheKeyAsPgLocksShowsIt() {
        String holder = pg.lockSql("shop/prod").holderSql();
        assertTrue(holder.contains("l.locktype = 'advisory'"));
        assertTrue(holder.contains("l.classid = ((lock_key.k >> 32) & 4294967295)::oid"));
        assertTrue(holder.contains("l.objid = (lock_key.k & 4294967295)::oid"));
        assertTrue(holder.contains("l.objsubid = 1"));
        assertTrue(holder.contains("JOIN pg_stat_activity a ON a.pid = l.pid"));
        assertTrue(holder.contains("a.application_name, a.pid, a.backend_start"));
        assertEquals(1, holder.chars().filter(c -> c == '?').count(), "the key is bound once");
    }

    @Test
    void sharedLocksUseTheSameKeyAndHolderQuery() {
        LockSql exclusive = pg.lockSql("target/app");
        LockSql shared = pg.sharedLockSql("target/app");
        assertEquals(exclusive.key(), shared.key());
        assertEquals(exclusive.holderSql(), shared.holderSql());
        assertEquals("SELECT pg_try_advisory_lock_shared(?) AS acquired", shared.tryLockSql());
        assertEquals("SELECT pg_advisory_unlock_shared(?) AS released", shared.releaseSql());

        LockSql msShared = mssql.sharedLockSql("target/app");
        assertEquals(mssql.lockSql("target/app").key(), msShared.key());
        assertTrue(msShared.tryLockSql().contains("@LockMode = 'Shared', @LockOwner = 'Session', @LockTimeout = 0"));
        assertEquals(mssql.lockSql("target/app").releaseSql(), msShared.releaseSql());
    }

    @Test
    void sqlServerResourceIsThirtyTwoCharactersFromTheScopeHash() {
        String resource = mssql.lockResource("shop/prod");
        assertEquals("runbook:8ad5775a7616cc08fb037e13", resource);
        assertEquals(32, resource.length());
        assertEquals(resource, mssql.lockSql("shop/prod").key());
    }

    @Test
    void sqlServerLockUsesSessionApplockThatNeverWaits() {
        LockSql lock = mssql.lockSql("shop/prod");
        assertTrue(lock.tryLockSql().contains("EXEC @r = sp_getapplock @Resource = ?, @LockMode = 'Exclusive', "
                + "@LockOwner = 'Session', @LockTimeout = 0;"));
        assertTrue(lock.tryLockSql().contains("AS acquired"));
        assertEquals("EXEC sp_releaseapplock @Resource = ?, @LockOwner = 'Session'", lock.releaseSql());
    }

    @Test
    void sqlServerHolderQueryNamesTheSessionWithPostgresColumnNames() {
        String holder = mssql.lockSql("shop/prod").holderSql();
        assertTrue(holder.contains("FROM sys.dm_tran_locks l"));
        assertTrue(holder.contains("JOIN sys.dm_exec_sessions s ON s.session_id = l.request_session_id"));
        assertTrue(holder.contains("l.resource_type = 'APPLICATION'"));
        assertTrue(holder.contains("s.program_name AS application_name"));
        assertTrue(holder.contains("s.login_time AS backend_start"));
        assertEquals(1, holder.chars().filter(c -> c == '?').count());
    }

    @Test
    void applicationNamePropertyIsTheDriversName() {
        assertEquals("ApplicationName", pg.applicationNameProperty());
        assertEquals("applicationName", mssql.applicationNameProperty());
    }
}
