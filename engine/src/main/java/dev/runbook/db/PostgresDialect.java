package dev.runbook.db;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The PostgreSQL dialect: psql-style splitting, {@code "quoted"} identifiers and advisory-lock run locks. */
public final class PostgresDialect implements Dialect {

    static final String ENGINE = "postgresql";

    private static final NamedParameterParser PARAMETERS = new NamedParameterParser(SqlLexer.POSTGRES, true);

    // The key is bound as a bigint and split in SQL the way pg_locks shows a 64-bit advisory key:
    // classid holds the high 32 bits, objid the low 32 bits, and objsubid is 1.
    private static final String HOLDER_SQL = """
            WITH lock_key AS (SELECT CAST(? AS bigint) AS k)
            SELECT a.application_name, a.pid, a.backend_start
            FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            CROSS JOIN lock_key
            WHERE l.locktype = 'advisory'
              AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = ((lock_key.k >> 32) & 4294967295)::oid
              AND l.objid = (lock_key.k & 4294967295)::oid
              AND l.objsubid = 1""";

    private static final String TABLE_EXISTS_SQL = """
            SELECT count(*) FROM information_schema.tables
            WHERE table_name = CAST(? AS varchar)
              AND table_schema = coalesce(CAST(? AS varchar), current_schema())""";

    @Override
    public String engine() {
        return ENGINE;
    }

    /** Splits on {@code ;} at parenthesis depth zero, outside strings, identifiers, dollar quotes and comments. */
    @Override
    public List<SqlStatement> split(String script) {
        return PostgresScriptSplitter.split(script);
    }

    @Override
    public NamedSql parseNamedParameters(String statement) {
        return PARAMETERS.parse(statement);
    }

    private static final QuotedPlaceholders QUOTED = new QuotedPlaceholders(SqlLexer.POSTGRES, new QuotedPlaceholders.Quoting() {
        @Override
        public String identifier(String value) {
            return Identifiers.quote(List.of(value), '"', '"');
        }

        @Override
        public String literal(String value) {
            return value.indexOf('\\') >= 0 ? "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
                        : "'" + value.replace("'", "''") + "'";
        }
    });

    @Override
    public List<String> quotedPlaceholderNames(String sql) {
        return QUOTED.names(sql);
    }

    @Override
    public String inlineQuoted(String sql, java.util.function.Function<String, Object> values) {
        return QUOTED.inline(sql, values);
    }

    /** Gives {@code "a""b"}; per part for {@code schema.table}. */
    @Override
    public String quoteIdentifier(String name) {
        return Identifiers.quote(identifierParts(name), '"', '"');
    }

    @Override
    public List<String> identifierParts(String name) {
        return Identifiers.parts(name, "\"\"");
    }

    /** True: PostgreSQL runs almost all DDL inside transactions; exceptions are in {@link #nonTransactionalReason}. */
    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /**
     * See {@link PostgresAnalyser}. As refused in a transaction block it recognises CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, REINDEX DATABASE/SYSTEM, VACUUM,
     * CREATE/DROP DATABASE, CREATE/DROP TABLESPACE, ALTER DATABASE ... SET TABLESPACE, ALTER SYSTEM,
     * ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY, and ALTER TYPE ... ADD VALUE (refused only
     * before PostgreSQL 12, and reported on every version because the server version is not known here).
     */
    @Override
    public SqlAnalysis analyse(String script) {
        return PostgresAnalyser.analyse(script);
    }

    @Override
    public boolean refusedOnSomeVersionsOnly(String nonTransactionalReason) {
        return PostgresTransactionRules.ADD_VALUE.equals(nonTransactionalReason);
    }

    /** See {@link PostgresLockRules}. */
    @Override
    public List<SqlFinding> lockRisks(SqlAnalysis analysis, boolean inTransaction, java.util.Set<String> created) {
        return PostgresLockRules.check(analysis, inTransaction, created);
    }

    @Override
    public boolean supportsSetLocalTimeout() {
        return true;
    }

    /**
     * {@code SET LOCAL statement_timeout}, which lasts until the transaction ends. Outside a transaction
     * block SET LOCAL has no effect, so statements run outside one rely on the JDBC query timeout.
     * A positive timeout below one millisecond becomes one millisecond, since 0 would mean no limit.
     */
    @Override
    public List<String> statementTimeoutSql(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long millis = timeout.toMillis() + (timeout.toNanosPart() % 1_000_000 > 0 ? 1 : 0);
        if (millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("PostgreSQL statement_timeout cannot exceed "
                    + Integer.MAX_VALUE + " ms: " + timeout);
        }
        return List.of("SET LOCAL statement_timeout = '" + millis + " ms'");
    }

    @Override
    public List<String> sessionStatementTimeoutSql(Duration timeout) {
        return statementTimeoutSql(timeout).stream().map(s -> s.replace("SET LOCAL ", "SET ")).toList();
    }

    @Override
    public List<String> resetStatementTimeoutSql() {
        return List.of("RESET statement_timeout");
    }

    @Override
    public boolean isDdl(String statement) {
        return SchemaChanges.isDdl(statement, SqlLexer.POSTGRES);
    }

    /** {@code SET LOCAL lock_timeout} in a transaction (gone at its end), else the session's {@code SET lock_timeout}. */
    @Override
    public List<String> lockTimeoutSql(Duration timeout, boolean inTransaction) {
        long millis = Dialect.lockWaitMillis(timeout, "PostgreSQL lock_timeout");
        return List.of((inTransaction ? "SET LOCAL" : "SET") + " lock_timeout = '" + millis + " ms'");
    }

    @Override
    public List<String> lockTimeoutResetSql(boolean inTransaction) {
        return inTransaction ? List.of() : List.of("RESET lock_timeout");
    }

    /** 55P03 lock_not_available: what a lock_timeout raises (and NOWAIT). */
    @Override
    public boolean isLockTimeout(String sqlState, int vendorCode) {
        return "55P03".equals(sqlState);
    }

    @Override
    public String applicationNameProperty() {
        return "ApplicationName";
    }

    /** The advisory-lock key of a scope: the first 8 bytes of SHA-256 of its UTF-8 form, as a signed long. */
    public long advisoryKey(String scope) {
        return ScopeHash.firstLong(scope);
    }

    /**
     * Session-level {@code pg_try_advisory_lock}, so the lock survives the run's commits and is dropped by
     * the server if the connection dies.
     */
    @Override
    public LockSql lockSql(String scope) {
        return new LockSql(
                "SELECT pg_try_advisory_lock(?) AS acquired",
                "SELECT pg_advisory_unlock(?) AS released",
                HOLDER_SQL,
                advisoryKey(scope));
    }

    /** Session-level {@code pg_try_advisory_lock_shared} on the same key; {@link #HOLDER_SQL} lists its holders too. */
    @Override
    public LockSql sharedLockSql(String scope) {
        return new LockSql(
                "SELECT pg_try_advisory_lock_shared(?) AS acquired",
                "SELECT pg_advisory_unlock_shared(?) AS released",
                HOLDER_SQL,
                advisoryKey(scope));
    }

    @Override
    public List<String> journalDdl(String table) {
        return JournalDdl.postgres(identifierParts(table));
    }

    /** Uses information_schema.tables; a null schema means {@code current_schema()}. */
    @Override
    public String runLockHoldersSql() {
        return "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE ?";
    }

    @Override
    public String runSessionsSql() {
        return "SELECT pid::text, state, left(query, 200) FROM pg_stat_activity WHERE application_name LIKE ?"
                + " AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'";
    }

    @Override
    public java.util.Optional<String> rehearsalLimits() {
        return java.util.Optional.empty();
    }

    @Override
    public java.util.Map<String, String> linkProperties(Duration socketTimeout) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("tcpKeepAlive", "true");
        if (socketTimeout != null) p.put("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        return p;
    }

    @Override
    public String connectTimeoutProperty() {
        return "connectTimeout";
    }

    /** Backend pid and {@code txid_current()}, which assigns an id if none was: a new transaction gets a new one. */
    @Override
    public String transactionIdentitySql() {
        return "SELECT pg_backend_pid() || ':' || txid_current()";
    }

    /** From pg_locks of this backend: tables, views and partitioned tables outside the system schemas. */
    @Override
    public Optional<String> heldTableLocksSql() {
        return Optional.of("SELECT n.nspname || '.' || c.relname, l.mode,"
                + " CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END"
                + " FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p', 'm')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'");
    }

    @Override
    public String sequenceValuesSql() {
        return "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences";
    }

    @Override
    public String tableExistsSql() {
        return TABLE_EXISTS_SQL;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PostgresDialect;
    }

    @Override
    public int hashCode() {
        return ENGINE.hashCode();
    }

    @Override
    public String toString() {
        return ENGINE;
    }
}
