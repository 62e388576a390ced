package dev.runbook.db;

/** What one statement does to a target, as lint, plan, rehearsal and run all need to know it. */
public enum StatementKind {
    /** Changes nothing: what PostgreSQL would allow in a read-only transaction without side effects. */
    READ_ONLY,
    /** Changes data, schema, settings or locks. */
    MUTATING,
    /** Destroys data or structure (DROP, TRUNCATE, DELETE/UPDATE without WHERE, ...). */
    DESTRUCTIVE,
    /** Begins, ends or splits a transaction (BEGIN, COMMIT, SAVEPOINT, ...): it escapes the one Runbook opened. */
    TRANSACTION_CONTROL,
    /** Refused inside a transaction block by the server (CREATE INDEX CONCURRENTLY, VACUUM, ...). */
    NON_TRANSACTIONAL,
    /** Acts outside the transaction, so a rollback cannot take it back (pg_terminate_backend, CALL, COPY ... PROGRAM). */
    OUTSIDE_TRANSACTION
}
