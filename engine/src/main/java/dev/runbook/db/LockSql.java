package dev.runbook.db;

import java.util.Objects;

/**
 * The SQL for the run lock of one scope; every statement takes {@link #key()} as its only bind parameter.
 *
 * <p>The lock belongs to the database session, so all three statements must run on one dedicated
 * connection that stays open for the whole run, in auto-commit mode.
 *
 * @param tryLockSql query returning one row whose boolean column {@code acquired} says whether the lock
 *                   was taken; it never waits
 * @param releaseSql statement that releases the lock; run it with {@code execute()} and ignore its result
 * @param holderSql  query listing who holds the lock, with columns {@code application_name}, {@code pid}
 *                   and {@code backend_start}; no rows when nobody does (or the holder cannot be seen)
 * @param key        the value to bind: a {@link Long} on PostgreSQL, a {@link String} on SQL Server
 */
public record LockSql(String tryLockSql, String releaseSql, String holderSql, Object key) {

    public LockSql {
        Objects.requireNonNull(tryLockSql, "tryLockSql");
        Objects.requireNonNull(releaseSql, "releaseSql");
        Objects.requireNonNull(holderSql, "holderSql");
        Objects.requireNonNull(key, "key");
    }
}
