package dev.runbook.db;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The SQL Server dialect: sqlcmd-style {@code GO} batches, {@code [bracketed]} identifiers and applock run locks. */
public final class SqlServerDialect implements Dialect {

    static final String ENGINE = "sqlserver";

    private static final NamedParameterParser PARAMETERS = new NamedParameterParser(SqlLexer.SQL_SERVER, false);

    // SET NOCOUNT ON keeps the driver from seeing update counts before the one result set.
    // The procedure's return code is kept as status: 0/1 granted, -1 timeout, -2 cancelled, -3 deadlock, -999 error.
    private static final String TRY_LOCK_SQL = """
            SET NOCOUNT ON;
            DECLARE @r int;
            EXEC @r = sp_getapplock @Resource = ?, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
            SELECT CAST(CASE WHEN @r >= 0 THEN 1 ELSE 0 END AS bit) AS acquired, @r AS status;""";

    private static final String TRY_SHARED_LOCK_SQL = TRY_LOCK_SQL.replace("@LockMode = 'Exclusive'", "@LockMode = 'Shared'");

    private static final String RELEASE_SQL = "EXEC sp_releaseapplock @Resource = ?, @LockOwner = 'Session'";

    // resource_description shows an application lock as '<principal>:[<first 32 chars of name>]:(<hash>)';
    // resource names are kept to 32 characters so this match is exact. Needs VIEW SERVER STATE.
    private static final String HOLDER_SQL = """
            SELECT s.program_name AS application_name, s.session_id AS pid, s.login_time AS backend_start
            FROM sys.dm_tran_locks l
            JOIN sys.dm_exec_sessions s ON s.session_id = l.request_session_id
            WHERE l.resource_type = 'APPLICATION'
              AND l.resource_database_id = DB_ID()
              AND l.request_status = 'GRANT'
              AND CHARINDEX(N':[' + CAST(? AS nvarchar(32)) + N']:', l.resource_description) > 0""";

    private static final String TABLE_EXISTS_SQL = """
            SELECT COUNT(*) FROM sys.tables t
            JOIN sys.schemas s ON s.schema_id = t.schema_id
            WHERE t.name = ?
              AND s.name = COALESCE(?, SCHEMA_NAME())""";

    private static final String RESOURCE_PREFIX = "runbook:";
    private static final int RESOURCE_LENGTH = 32;

    @Override
    public String engine() {
        return ENGINE;
    }

    /** Splits on {@code GO} lines only; each batch is sent whole, semicolons included. */
    @Override
    public List<SqlStatement> split(String script) {
        return SqlServerBatchSplitter.split(script);
    }

    /** Like PostgreSQL; {@code @variables} are left alone and {@code SCHEMA::name} is not a parameter. */
    @Override
    public NamedSql parseNamedParameters(String statement) {
        return PARAMETERS.parse(statement);
    }

    private static final QuotedPlaceholders QUOTED = new QuotedPlaceholders(SqlLexer.SQL_SERVER, new QuotedPlaceholders.Quoting() {
        @Override
        public String identifier(String value) {
            return Identifiers.quote(List.of(value), '[', ']');
        }

        @Override
        public String literal(String value) {
            return "N'" + value.replace("'", "''") + "'";
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

    /** Gives {@code [a]]b]}; per part for {@code schema.table}. */
    @Override
    public String quoteIdentifier(String name) {
        return Identifiers.quote(identifierParts(name), '[', ']');
    }

    @Override
    public List<String> identifierParts(String name) {
        return Identifiers.parts(name, "[]\"\"");
    }

    /**
     * True, with care: most SQL Server DDL (CREATE/ALTER/DROP TABLE, INDEX, PROCEDURE, ...) is transactional,
     * but some statements are refused inside a transaction (see {@link #nonTransactionalReason}) and a few
     * effects, such as full-text population, are not undone by a rollback.
     */
    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /**
     * Recognises CREATE/ALTER/DROP DATABASE, BACKUP, RESTORE, RECONFIGURE and CREATE/ALTER/DROP FULLTEXT
     * CATALOG/INDEX anywhere in the batch's code.
     */
    @Override
    public Optional<String> nonTransactionalReason(String sql) {
        return SqlServerTransactionRules.reason(sql);
    }

    /** Each batch analysed as one unit; see {@link SqlServerAnalyser}. */
    @Override
    public SqlAnalysis analyse(String script) {
        return SqlServerAnalyser.analyse(split(script));
    }

    /** False: SQL Server has no per-statement timeout setting; only the JDBC query timeout applies. */
    @Override
    public boolean supportsSetLocalTimeout() {
        return false;
    }

    @Override
    public List<String> statementTimeoutSql(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return List.of();
    }

    @Override
    public boolean isDdl(String batch) {
        return SchemaChanges.isDdl(batch, SqlLexer.SQL_SERVER);
    }

    /** {@code SET LOCK_TIMEOUT} lasts for the session, in a transaction or not, so it is always reset after. */
    @Override
    public List<String> lockTimeoutSql(Duration timeout, boolean inTransaction) {
        return List.of("SET LOCK_TIMEOUT " + Dialect.lockWaitMillis(timeout, "SQL Server LOCK_TIMEOUT"));
    }

    @Override
    public List<String> lockTimeoutResetSql(boolean inTransaction) {
        return List.of("SET LOCK_TIMEOUT -1");
    }

    /** Error 1222, "Lock request time out period exceeded". */
    @Override
    public boolean isLockTimeout(String sqlState, int vendorCode) {
        return vendorCode == 1222;
    }

    /** mssql-jdbc sends this at login as the session's program_name. */
    @Override
    public String applicationNameProperty() {
        return "applicationName";
    }

    /**
     * The applock resource of a scope: {@code runbook:} and the first 24 hex digits of SHA-256 of the scope,
     * 32 characters in all so {@code sys.dm_tran_locks} shows it whole.
     */
    public String lockResource(String scope) {
        return RESOURCE_PREFIX + ScopeHash.hex(scope, RESOURCE_LENGTH - RESOURCE_PREFIX.length());
    }

    /** A session-owned exclusive {@code sp_getapplock} that never waits; the column {@code status} keeps its return code. */
    @Override
    public LockSql lockSql(String scope) {
        return new LockSql(TRY_LOCK_SQL, RELEASE_SQL, HOLDER_SQL, lockResource(scope));
    }

    /** A session-owned shared {@code sp_getapplock} on the same resource; release and holder SQL are the same. */
    @Override
    public LockSql sharedLockSql(String scope) {
        return new LockSql(TRY_SHARED_LOCK_SQL, RELEASE_SQL, HOLDER_SQL, lockResource(scope));
    }

    @Override
    public List<String> journalDdl(String table) {
        return JournalDdl.sqlServer(identifierParts(table));
    }

    @Override
    public String runSessionsSql() {
        return "SELECT CAST(s.session_id AS varchar(12)), s.status, LEFT(t.text, 200) FROM sys.dm_exec_sessions s"
                + " JOIN sys.dm_exec_requests r ON r.session_id = s.session_id"
                + " OUTER APPLY sys.dm_exec_sql_text(r.sql_handle) t WHERE s.program_name LIKE ? AND s.session_id <> @@SPID";
    }

    /** Uses sys.tables and sys.schemas; a null schema means the caller's default schema. */
    @Override
    public String runLockHoldersSql() {
        return "SELECT count(*) FROM sys.dm_tran_locks l JOIN sys.dm_exec_sessions s ON s.session_id = l.request_session_id WHERE l.resource_type = 'APPLICATION' AND l.request_status = 'GRANT' AND s.program_name LIKE ?";
    }

    @Override
    public java.util.Optional<String> rehearsalLimits() {
        return java.util.Optional.of("SQL Server's limits differ from PostgreSQL's: DDL is transactional, but ALTER DATABASE,"
                + " BACKUP/RESTORE and full-text statements are not, and a rolled-back rehearsal still consumes IDENTITY values");
    }

    /** mssql-jdbc keeps TCP keep-alive on by default; its socketTimeout is in milliseconds. */
    @Override
    public java.util.Map<String, String> linkProperties(Duration socketTimeout) {
        return socketTimeout == null ? java.util.Map.of() : java.util.Map.of("socketTimeout", Long.toString(socketTimeout.toMillis()));
    }

    @Override
    public List<String> sessionStatementTimeoutSql(Duration timeout) {
        return statementTimeoutSql(timeout);
    }

    @Override
    public List<String> resetStatementTimeoutSql() {
        return List.of();
    }

    @Override
    public String connectTimeoutProperty() {
        return "loginTimeout";
    }

    /** Session id and {@code CURRENT_TRANSACTION_ID()} (SQL Server 2016 and later). */
    @Override
    public String transactionIdentitySql() {
        return "SELECT CAST(@@SPID AS varchar(20)) + ':' + CAST(CURRENT_TRANSACTION_ID() AS varchar(20))";
    }

    @Override
    public String sequenceValuesSql() {
        return "SELECT SCHEMA_NAME(schema_id) + '.' + name, CAST(current_value AS bigint) FROM sys.sequences";
    }

    @Override
    public String tableExistsSql() {
        return TABLE_EXISTS_SQL;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SqlServerDialect;
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
