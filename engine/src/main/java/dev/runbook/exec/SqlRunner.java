package dev.runbook.exec;

import dev.runbook.db.Dialect;
import dev.runbook.db.NamedSql;
import dev.runbook.db.SqlStatement;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.model.Expr;
import dev.runbook.plan.PlannedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the statements of one SQL body on a target: split by the dialect, named parameters bound, in one
 * transaction unless the step opts out, each statement bounded by the statement timeout and cancellable.
 */
final class SqlRunner {
    /** APPLY commits (sql steps, rollbacks); PROBE always rolls back (checks and preconditions). */
    enum Mode { APPLY, PROBE }

    private final TargetConnections connections;
    private final Cancellation cancellation;
    private final Expressions expressions;

    SqlRunner(TargetConnections connections, Cancellation cancellation, Expressions expressions) {
        this.connections = connections;
        this.cancellation = cancellation;
        this.expressions = expressions;
    }

    ActionResult run(String target, PlannedSql sql, Map<String, Object> vars, Mode mode) throws StepFailure {
        return run(target, sql, vars, mode, null);
    }

    /** @param lockTimeout how long each statement may wait for a lock (the step's lock_timeout), or null */
    ActionResult run(String target, PlannedSql sql, Map<String, Object> vars, Mode mode, java.time.Duration lockTimeout)
            throws StepFailure {
        Dialect dialect = Dialect.forEngine(connections.target(target).engine());
        List<SqlStatement> statements;
        try {
            statements = dialect.split(sql.text());
        } catch (IllegalArgumentException e) {
            throw new StepFailure(FailureKind.INVALID, "cannot split the SQL: " + e.getMessage());
        }
        if (statements.isEmpty()) throw new StepFailure(FailureKind.INVALID, "the SQL has no statement to run");
        boolean tx = sql.transaction() || mode == Mode.PROBE;
        if (tx && mode == Mode.APPLY) {
            for (int i = 0; i < statements.size(); i++) {
                SqlStatement st = statements.get(i);
                java.util.Optional<String> reason = dialect.nonTransactionalReason(st.text());
                if (reason.isPresent()) {
                    throw new StepFailure(FailureKind.INVALID, "statement " + (i + 1) + " (line " + st.line() + ": "
                            + reason.get() + ") cannot run inside a transaction, and this step runs in one; nothing was"
                            + " executed. Set transaction: false on this step's sql (and give it its own step)");
                }
            }
        }
        List<Prepared> prepared = new ArrayList<>();
        for (SqlStatement st : statements) {
            NamedSql named = dialect.parseNamedParameters(st.text());
            prepared.add(new Prepared(st, named, values(named.names(), sql.bind(), vars)));
        }
        cancellation.check();
        Connection c = connections.connection(target);
        SqlStatement current = statements.get(0);
        try {
            c.setAutoCommit(!tx);
            int queryTimeout = 0;
            if (sql.statementTimeout() != null) {
                // SET LOCAL is exact to the millisecond; the JDBC timeout (whole seconds) also covers the rest.
                queryTimeout = dialect.queryTimeoutSeconds(sql.statementTimeout());
                if (tx) {
                    for (String set : dialect.statementTimeoutSql(sql.statementTimeout())) {
                        try (Statement st = c.createStatement()) {
                            st.execute(set);
                        }
                    }
                }
            }
            if (lockTimeout != null) {
                for (String set : dialect.lockTimeoutSql(lockTimeout, tx)) {
                    try (Statement st = c.createStatement()) {
                        st.execute(set);
                    }
                }
            }
            Tally tally = new Tally();
            for (Prepared p : prepared) {
                current = p.statement;
                for (int repeat = 0; repeat < p.statement.repeat(); repeat++) execute(c, p, queryTimeout, tally);
            }
            long affected = tally.affected;
            QueryResult last = tally.last;
            Map<String, Object> captures = new LinkedHashMap<>();
            captures.put("affected", affected);
            if (last != null) captures.putAll(last.captures());
            ActionResult result = new ActionResult(captures, tally.anyUpdate || last == null ? affected : null,
                    last == null ? null : last.evidence(), null);
            if (mode == Mode.APPLY && sql.expectAffected() != null && affected != sql.expectAffected()) {
                throw new StepFailure(FailureKind.EXPECTATION, "expected " + sql.expectAffected() + " rows affected, got "
                        + affected + (tx ? "; the transaction was rolled back" : ""), null, null, result, null);
            }
            if (tx && mode == Mode.APPLY) c.commit();
            if (tx && mode == Mode.PROBE) c.rollback();
            return result;
        } catch (SQLException e) {
            StepFailure f = lockTimeout != null && cancellation.cause() == null
                    && dialect.isLockTimeout(e.getSQLState(), e.getErrorCode())
                    ? SqlFailures.lockTimeout(current, e, lockTimeout)
                    : SqlFailures.statement(target, current, e, cancellation.cause(), cancellation.stopReason());
            rollbackQuietly(c, tx);
            if (f.kind() == FailureKind.CONNECTION) connections.discard(target);
            throw f;
        } catch (StepFailure f) {
            rollbackQuietly(c, tx);
            throw f;
        } finally {
            if (lockTimeout != null) resetLockTimeout(target, c, dialect, tx);
        }
    }

    /** The session keeps a SET lock_timeout (SQL Server: always): later steps on this connection must not inherit it. */
    private void resetLockTimeout(String target, Connection c, Dialect dialect, boolean tx) {
        List<String> reset = dialect.lockTimeoutResetSql(tx);
        if (reset.isEmpty()) return;
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            for (String sql : reset) {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                }
            }
            c.setAutoCommit(auto);
        } catch (SQLException e) {
            // A connection that cannot take a RESET is not reused with the setting left on it.
            connections.discard(target);
        }
    }

    /** Runs one statement, reading every result it returns (a procedure may return several). */
    private void execute(Connection c, Prepared p, int queryTimeout, Tally tally) throws SQLException, StepFailure {
        cancellation.check();
        Statement st = p.named.hasParameters() ? bind(c.prepareStatement(p.named.jdbcSql()), p.values) : c.createStatement();
        try (st; Cancellation.Registration r = cancellation.onCancel(() -> cancelQuietly(st))) {
            if (queryTimeout > 0) st.setQueryTimeout(queryTimeout);
            boolean isQuery = st instanceof PreparedStatement ps ? ps.execute() : st.execute(p.statement.text());
            while (true) {
                if (isQuery) {
                    try (ResultSet rs = st.getResultSet()) {
                        tally.last = QueryResult.read(rs);
                    }
                } else {
                    int n = st.getUpdateCount();
                    if (n == -1) break;
                    tally.affected += n;
                    tally.anyUpdate = true;
                    tally.last = null;
                }
                isQuery = st.getMoreResults();
            }
        }
    }

    /** What the statements of one body added up to: rows affected, and the last query's rows. */
    private static final class Tally {
        long affected;
        boolean anyUpdate;
        QueryResult last;
    }

    private Map<Integer, Object> values(List<String> names, Map<String, Expr> bind, Map<String, Object> vars)
            throws StepFailure {
        Map<Integer, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Object v;
            if (bind != null && bind.containsKey(name)) {
                try {
                    v = expressions.evaluate(bind.get(name).source(), vars);
                } catch (ExpressionException e) {
                    throw new StepFailure(FailureKind.INVALID, "bind :" + name + ": " + e.getMessage());
                }
            } else if (!name.contains(".") && vars.get("params") instanceof Map<?, ?> params && params.containsKey(name)) {
                v = params.get(name);
            } else {
                v = RunContext.lookup(Arrays.asList(name.split("\\.")), vars);
            }
            if (v instanceof Map || v instanceof List) {
                throw new StepFailure(FailureKind.INVALID, "bind parameter :" + name
                        + " is a list or map; bind a single value such as steps.x.count or steps.x.result");
            }
            out.put(i + 1, v);
        }
        return out;
    }

    private static PreparedStatement bind(PreparedStatement ps, Map<Integer, Object> values) throws SQLException {
        for (Map.Entry<Integer, Object> e : values.entrySet()) {
            if (e.getValue() == null) ps.setNull(e.getKey(), Types.NULL);
            else ps.setObject(e.getKey(), e.getValue());
        }
        return ps;
    }

    private static void cancelQuietly(Statement st) {
        try {
            st.cancel();
        } catch (SQLException ignored) {
            // The statement finished or the connection died: either way it no longer runs.
        }
    }

    private static void rollbackQuietly(Connection c, boolean tx) {
        if (!tx) return;
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // A connection that cannot roll back is gone, and the server rolls back what it held.
        }
    }

    private record Prepared(SqlStatement statement, NamedSql named, Map<Integer, Object> values) {}
}
