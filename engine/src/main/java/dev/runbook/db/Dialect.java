package dev.runbook.db;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything that differs between the database engines Runbook drives, so the engine never asks which
 * one it is talking to.
 */
public sealed interface Dialect permits PostgresDialect, SqlServerDialect {

    /** Engine names accepted by {@link #forEngine(String)}. */
    List<String> SUPPORTED_ENGINES = List.of(PostgresDialect.ENGINE, SqlServerDialect.ENGINE);

    /**
     * The dialect for an engine name as written in a runbook ({@code postgresql} or {@code sqlserver}, any case).
     *
     * @throws IllegalArgumentException for any other name, naming the supported engines
     */
    static Dialect forEngine(String engine) {
        return find(engine).orElseThrow(() -> new IllegalArgumentException("unsupported database engine '" + engine
                + "'; supported engines: " + String.join(", ", SUPPORTED_ENGINES)));
    }

    /**
     * The dialect for an engine name, or empty when it names none; validate uses this, because the schema
     * already reports an unknown engine with its position and the other checks must not stop on it.
     */
    static Optional<Dialect> find(String engine) {
        String normalized = engine == null ? "" : engine.strip().toLowerCase(Locale.ROOT);
        if (normalized.equals(PostgresDialect.ENGINE)) {
            return Optional.of(new PostgresDialect());
        }
        if (normalized.equals(SqlServerDialect.ENGINE)) {
            return Optional.of(new SqlServerDialect());
        }
        return Optional.empty();
    }

    /** The engine name: {@code postgresql} or {@code sqlserver}. */
    String engine();

    /**
     * Cuts a script into the units the engine sends one at a time, dropping empty and comment-only ones.
     * A leading byte-order mark is removed; positions count from the character after it.
     *
     * @throws IllegalArgumentException when the script is malformed in a way the splitter must reject
     *                                  (SQL Server: a {@code GO} count that is zero or too large)
     */
    List<SqlStatement> split(String script);

    /**
     * Rewrites {@code :name} placeholders in code to {@code ?} for a {@code PreparedStatement}.
     * On PostgreSQL a literal {@code ?} in code (jsonb operators) is doubled, as pgjdbc requires.
     */
    NamedSql parseNamedParameters(String statement);

    /**
     * Quotes a name so it is taken literally, case included. A dotted name is quoted per part
     * ({@code ops.journal}); parts already quoted in this engine's style are accepted and re-quoted.
     */
    String quoteIdentifier(String name);

    /**
     * The variables named by psql-style quoting placeholders in {@code sql}: {@code :"name"} (an identifier) and
     * {@code :'name'} (a literal), each once, in order.
     */
    List<String> quotedPlaceholderNames(String sql);

    /**
     * The SQL with every {@code :"name"} replaced by the value quoted as one identifier ({@code "v"} / {@code [v]})
     * and every {@code :'name'} by the value quoted as a string literal, as psql does; nothing else is touched.
     *
     * @throws IllegalArgumentException when a value is missing, a list or map, or contains NUL
     */
    String inlineQuoted(String sql, java.util.function.Function<String, Object> values);

    /** The unquoted parts of a possibly qualified, possibly quoted name, e.g. {@code [ops.x].t} gives {@code ops.x}, {@code t}. */
    List<String> identifierParts(String name);

    /**
     * What each statement of {@code script} does (read-only, mutating, destructive, transaction control, refused in a
     * transaction, acting outside it) and where its first token is: the one analysis lint, plan, rehearsal and run ask.
     *
     * @throws IllegalArgumentException when the script cannot be split (see {@link #split(String)})
     */
    SqlAnalysis analyse(String script);

    /**
     * Lock and rewrite risks of {@code analysis} for lint, each with its RB code and safe rewrite; empty where this
     * engine has no such rules. {@code created} holds tables and indexes made earlier in the same runbook or file
     * (exempt: nobody uses them yet) and receives the ones this script makes.
     */
    default List<SqlFinding> lockRisks(SqlAnalysis analysis, boolean inTransaction, java.util.Set<String> created) {
        return List.of();
    }

    /** Whether DDL takes part in transactions, so a failed DDL step can be rolled back with its data changes. */
    boolean transactionalDdl();

    /**
     * Why this SQL cannot run inside a transaction, or empty when it can. Comments, strings and quoted
     * identifiers are never read as keywords.
     */
    /**
     * Whether a statement with this {@link StatementAnalysis#nonTransactional()} reason is refused inside a transaction
     * on some server versions only (PostgreSQL's ALTER TYPE ... ADD VALUE before 12): validate, which knows no server
     * version, then cannot say that a run fails.
     */
    default boolean refusedOnSomeVersionsOnly(String nonTransactionalReason) {
        return false;
    }

    default Optional<String> nonTransactionalReason(String sql) {
        return analyse(sql).firstNonTransactional().map(StatementAnalysis::nonTransactional);
    }

    /**
     * The statement timeout for a session outside a transaction ({@code transaction: false} steps), where a
     * transaction-local setting has no effect, and what puts the session's own setting back after the step.
     * Empty lists where the engine has no such setting (only the JDBC query timeout applies).
     */
    List<String> sessionStatementTimeoutSql(Duration timeout);

    /** Undoes {@link #sessionStatementTimeoutSql}: the session's (role's, database's) own timeout again. */
    List<String> resetStatementTimeoutSql();

    /** Whether {@link #statementTimeoutSql(Duration)} yields SQL; when false only the JDBC query timeout applies. */
    boolean supportsSetLocalTimeout();

    /**
     * SQL that limits each following statement of the current transaction to {@code timeout}; run it right
     * after the transaction begins. Empty when the engine has no such setting. Zero means no limit.
     * The portable limit is {@code Statement.setQueryTimeout(queryTimeoutSeconds(timeout))}, which also
     * covers statements outside a transaction.
     */
    List<String> statementTimeoutSql(Duration timeout);

    /** Seconds for {@code Statement.setQueryTimeout}, rounded up so a short timeout never becomes 0 (no limit). */
    default int queryTimeoutSeconds(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /**
     * The connection property that names the application to the server. The engine sets it to
     * {@code runbook:<run-id>:<operator>} so {@link LockSql#holderSql()} can say who holds a lock.
     */
    String applicationNameProperty();

    /** Whether the statement changes the schema (DDL): the statements a lock_timeout is for. */
    boolean isDdl(String statement);

    /**
     * How long a statement may wait for a lock before it fails, for the rest of the transaction
     * ({@code inTransaction}) or of the session; {@link #lockTimeoutResetSql} undoes the session form.
     */
    List<String> lockTimeoutSql(Duration timeout, boolean inTransaction);

    /**
     * A lock wait as both servers take it: whole milliseconds, at least 1 (0 would mean "no bound" on PostgreSQL and
     * "do not wait" on SQL Server), at most what their int setting holds.
     *
     * @param setting the server's name for it, for the message
     */
    static long lockWaitMillis(Duration timeout, String setting) {
        long millis = Math.max(1, timeout.toMillis());
        if (millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(setting + " cannot exceed " + Integer.MAX_VALUE + " ms: " + timeout);
        }
        return millis;
    }

    /** Restores the server's default lock wait after {@link #lockTimeoutSql}; empty when nothing outlives the transaction. */
    List<String> lockTimeoutResetSql(boolean inTransaction);

    /** Whether a failure is a lock wait that ran out ({@code lock_timeout}), which a retry may get past. */
    boolean isLockTimeout(String sqlState, int vendorCode);

    /** SQL to take, release and inspect the session-level run lock for {@code scope}. */
    LockSql lockSql(String scope);

    /**
     * The shared form of {@link #lockSql(String)} for the same scope and key: any number of sessions hold it
     * together, and it excludes (and is excluded by) the exclusive lock. A runbook-scoped run holds its target's
     * lock shared, so a target-wide run and runbook-scoped runs keep each other out.
     */
    LockSql sharedLockSql(String scope);

    /**
     * Idempotent DDL creating the run journal {@code table} (qualified names allowed) and its single-row
     * {@code <table>_meta} table with {@code schema_version}; run the statements in order, under the run lock.
     */
    List<String> journalDdl(String table);

    /**
     * Query returning one row with a count greater than zero when a table exists. Bind 1: the unquoted
     * table name; bind 2: the unquoted schema name, or null for the connection's default schema.
     */
    String tableExistsSql();

    /**
     * Query returning one row with the number of sessions holding a run lock whose application name matches bind 1
     * (a LIKE pattern): how {@code history} tells a running run from one whose process died. The lock session is
     * idle, so the server ends it with the process, while a step's statement may still be running.
     */
    String runLockHoldersSql();

    /**
     * Query returning (session id, state, current statement) of the other busy sessions whose application name
     * matches the bind (a LIKE pattern): what a dead run may have left running, which a resume must not race.
     */
    String runSessionsSql();

    /**
     * Query returning (qualified sequence name, last value) for every sequence the session can see: what a
     * rehearsal compares before and after, since a rolled-back transaction does not give back sequence values.
     */
    String sequenceValuesSql();

    /**
     * Query returning one row and column naming the session and its current transaction: a rehearsal takes it when
     * it opens its transaction and again before rolling back, so a statement that committed it cannot go unnoticed.
     */
    String transactionIdentitySql();

    /**
     * Query returning (qualified table name, lock mode, estimated rows) for every table lock the session holds, or
     * empty where the engine's lock view is not read: how a rehearsal says what each statement locked.
     */
    default Optional<String> heldTableLocksSql() {
        return Optional.empty();
    }

    /**
     * What a rehearsal (one transaction, rolled back) cannot cover on this engine beyond what every engine shares,
     * said in the rehearsal's report; empty when nothing more.
     */
    java.util.Optional<String> rehearsalLimits();

    /** The JDBC driver property that bounds how long connecting may take, in whole seconds. */
    String connectTimeoutProperty();

    /**
     * Driver properties that keep a connection from waiting forever on a dead or frozen link: TCP keep-alive, and
     * with {@code socketTimeout} (null: none, for step sessions whose statements may rightly run for hours) a bound
     * on every read.
     */
    java.util.Map<String, String> linkProperties(Duration socketTimeout);
}
