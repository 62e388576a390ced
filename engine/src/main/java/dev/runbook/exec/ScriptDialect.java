package dev.runbook.exec;

import java.time.Duration;
import java.util.List;

/**
 * The few database-specific things the executor needs from SQL text. A stand-in for the dialect layer
 * ({@code dev.runbook.db.Dialect}) until it lands; the executor never asks which database it is on.
 */
interface ScriptDialect {
    /** Statements of a script, in order, without the separators; comments kept, empty ones dropped. */
    List<String> split(String script);

    /** The statement with {@code :name} replaced by JDBC {@code ?}, and the names in order. */
    NamedSql named(String statement);

    /** Why the statement cannot run inside a transaction, or null when it can. */
    String nonTransactionalReason(String statement);

    /** SQL that bounds each following statement of the session or transaction, or null to use setQueryTimeout. */
    String statementTimeoutSql(Duration timeout, boolean inTransaction);

    /** SQL that lifts the bound again outside a transaction, or null. */
    String resetStatementTimeoutSql();

    record NamedSql(String jdbcSql, List<String> names) {}

    static ScriptDialect forEngine(String engine) {
        return new PostgresScripts("postgresql".equals(engine));
    }
}
