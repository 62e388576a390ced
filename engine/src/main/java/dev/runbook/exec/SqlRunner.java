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

    // What the last APPLY run has to say besides its result: skipped psql lines, and in a rehearsal what each
    // statement locked; read by the step that ran it.
    private final List<String> notes = new ArrayList<>();

    /** The notes of the last APPLY run: the analysis' notes and the lock sentences of {@link RehearsedLocks}. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    SqlRunner(TargetConnections connections, Cancellation cancellation, Expressions expressions) {
        this.connections = connections;
        this.cancellation = cancellation;
        this.expressions = expressions;
    }

    /** Work done on the step's connection inside its transaction, after its statements and before its commit. */
    interface BeforeCommit {
        BeforeCommit NONE = (c, result) -> {};

        void accept(Connection c, ActionResult result) throws SQLException, StepFailure;
    }

    ActionResult run(String target, PlannedSql sql, Map<String, Object> vars, Mode mode) throws StepFailure {
        return run(target, sql, vars, mode, BeforeCommit.NONE, null);
    }

    /**
     * @param beforeCommit runs only in a transaction that is about to commit (APPLY with transaction: true)
     * @param lockTimeout  how long each statement may wait for a lock (the step's lock_timeout), or null
     */
    ActionResult run(String target, PlannedSql sql, Map<String, Object> vars, Mode mode, BeforeCommit beforeCommit,
                     java.time.Duration lockTimeout)
            throws StepFailure {
        Dialect dialect = Dialect.forEngine(connections.target(target).engine());
        dev.runbook.db.SqlAnalysis analysis;
        try {
            analysis = dialect.analyse(sql.text());
        } catch (IllegalArgumentException e) {
            throw new StepFailure(FailureKind.INVALID, "cannot split the SQL: " + e.getMessage());
        }
        List<SqlStatement> statements = analysis.statements().stream().map(dev.runbook.db.StatementAnalysis::statement).toList();
        if (statements.isEmpty()) throw new StepFailure(FailureKind.INVALID, "the SQL has no statement to run");
        boolean tx = sql.transaction() || mode == Mode.PROBE;
        if (connections.rehearsal()) {
            // Steps are refused before they start (StepExecutor); this also covers checks, preconditions and guards.
            java.util.Optional<dev.runbook.db.StatementAnalysis> refused = analysis.firstNotRehearsable();
            if (refused.isPresent()) {
                dev.runbook.db.StatementAnalysis st = refused.get();
                throw new StepFailure(FailureKind.INVALID, "not rehearsed: statement " + (analysis.statements().indexOf(st) + 1)
                        + " (line " + st.line() + ": " + st.notRehearsable().orElseThrow() + ") cannot be rehearsed inside"
                        + " the rehearsal's transaction; nothing of this SQL was executed");
            }
        }
        if (tx && mode == Mode.APPLY) {
            java.util.Optional<dev.runbook.db.StatementAnalysis> refused = analysis.firstNonTransactional();
            if (refused.isPresent()) {
                dev.runbook.db.StatementAnalysis st = refused.get();
                throw new StepFailure(FailureKind.INVALID, "statement " + (analysis.statements().indexOf(st) + 1) + " (line "
                        + st.line() + ": " + st.nonTransactional() + ") cannot run inside a transaction, and this step runs"
                        + " in one; nothing was executed. Set transaction: false on this step's sql (and give it its own step)");
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
        int queryTimeout = 0;
        Tally tally = new Tally();
        List<String> resetAfter = List.of();
        try {
            c.setAutoCommit(!tx);
            if (sql.statementTimeout() != null) {
                // SET LOCAL is exact to the millisecond; the JDBC timeout (whole seconds) also covers the rest.
                queryTimeout = dialect.queryTimeoutSeconds(sql.statementTimeout());
                // Outside a transaction SET LOCAL does nothing: the session's setting is changed, and put back below.
                List<String> sets = tx ? dialect.statementTimeoutSql(sql.statementTimeout())
                        : dialect.sessionStatementTimeoutSql(sql.statementTimeout());
                if (!tx) resetAfter = dialect.resetStatementTimeoutSql();
                for (String set : sets) {
                    try (Statement st = c.createStatement()) {
                        st.execute(set);
                    }
                }
            }
            RehearsedLocks locks = mode == Mode.APPLY && connections.rehearsal()
                    ? dialect.heldTableLocksSql().map(RehearsedLocks::new).orElse(null) : null;
            notes.clear();
            notes.addAll(analysis.notes());
            if (lockTimeout != null) {
                for (String set : dialect.lockTimeoutSql(lockTimeout, tx)) {
                    try (Statement st = c.createStatement()) {
                        st.execute(set);
                    }
                }
            }
            for (Prepared p : prepared) {
                current = p.statement;
                Map<String, RehearsedLocks.Held> before = locks == null ? null : locks.held(c);
                long started = System.nanoTime();
                for (int repeat = 0; repeat < p.statement.repeat(); repeat++) execute(c, p, queryTimeout, tally);
                if (locks != null) {
                    String note = RehearsedLocks.said(prepared.indexOf(p) + 1, p.statement.line(), before, locks.held(c),
                            java.time.Duration.ofNanos(System.nanoTime() - started));
                    if (note != null) notes.add(note);
                }
            }
            long affected = tally.affected;
            QueryResult last = tally.last;
            Map<String, Object> captures = new LinkedHashMap<>();
            captures.put("affected", affected);
            if (last != null) captures.putAll(last.captures());
            ActionResult result = new ActionResult(captures, tally.anyUpdate || last == null ? affected : null,
                    last == null ? null : last.evidence(), null);
            Long expected = mode == Mode.APPLY ? expectedAffected(sql, vars) : null;
            if (expected != null && affected != expected) {
                String how = sql.expectAffectedAtRun() == null ? "" : " (" + sql.expectAffectedAtRun().source() + ")";
                throw new StepFailure(FailureKind.EXPECTATION, "expected " + expected + how + " rows affected, got "
                        + affected + (tx ? "; the transaction was rolled back" : ""), null, null, result, null);
            }
            if (tx && mode == Mode.APPLY) {
                beforeCommit.accept(c, result);
                c.commit();
            }
            if (tx && mode == Mode.PROBE) c.rollback();
            return result;
        } catch (SQLException e) {
            // pgjdbc's query timeout is a cancel request too: it is a timeout only when that long has passed.
            boolean jdbcTimeout = queryTimeout > 0
                    && System.nanoTime() - tally.statementStarted >= queryTimeout * 1_000_000_000L - 100_000_000L;
            StepFailure f = lockTimeout != null && cancellation.cause() == null
                    && dialect.isLockTimeout(e.getSQLState(), e.getErrorCode())
                    ? SqlFailures.lockTimeout(current, e, lockTimeout)
                    : SqlFailures.statement(target, current, e, cancellation.cause(), cancellation.stopReason(),
                    jdbcTimeout);
            rollbackQuietly(c, tx);
            if (f.kind() == FailureKind.CONNECTION || closed(c)) connections.discard(target);
            throw f;
        } catch (StepFailure f) {
            rollbackQuietly(c, tx);
            throw f;
        } finally {
            resetQuietly(c, resetAfter);
            if (lockTimeout != null) resetLockTimeout(target, c, dialect, tx);
        }
    }

    /** The next step on this connection must not inherit this one's session timeout. */
    private static void resetQuietly(Connection c, List<String> reset) {
        for (String sql : reset) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException ignored) {
                // A broken connection is discarded; its session, and the setting, end with it.
            }
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
        tally.statementStarted = System.nanoTime();
        if (p.statement.copyData() != null) {
            copyIn(c, p, tally);
            return;
        }
        Statement st = p.named.hasParameters() ? bind(c.prepareStatement(p.named.jdbcSql()), p.values) : c.createStatement();
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        try (st; Cancellation.Registration r = cancellation.onCancel(() -> cancelThenClose(st, c, over))) {
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
        } finally {
            over.set(true);
        }
    }

    /** How long a cancelled statement may take to end before its socket is closed under it. */
    static final java.time.Duration CLOSE_AFTER_CANCEL = java.time.Duration.ofSeconds(3);

    /**
     * Cancels the statement from a second session (the driver's cancel request), and if it has not returned
     * {@link #CLOSE_AFTER_CANCEL} later, closes the connection's socket: on a frozen link neither the cancel's
     * answer nor the statement's ever arrives, and the blocked read would wait forever. Runs on threads of its own,
     * so the run's timers are never held up by a link that does not answer.
     */
    private static void cancelThenClose(Statement st, Connection c, java.util.concurrent.atomic.AtomicBoolean over) {
        Thread watch = new Thread(() -> {
            Thread cancel = new Thread(() -> cancelQuietly(st), "runbook-cancel");
            cancel.setDaemon(true);
            cancel.start();
            long end = System.nanoTime() + CLOSE_AFTER_CANCEL.toNanos();
            while (!over.get() && System.nanoTime() < end) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!over.get()) {
                try {
                    c.abort(Runnable::run);
                } catch (SQLException | RuntimeException ignored) {
                    // Already closed: the statement is over either way.
                }
            }
        }, "runbook-cancel-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** COPY ... FROM stdin with the script's inline rows, through pgjdbc's CopyManager; the rows count as affected. */
    private void copyIn(Connection c, Prepared p, Tally tally) throws SQLException, StepFailure {
        if (p.named.hasParameters()) {
            throw new StepFailure(FailureKind.INVALID, "COPY ... FROM stdin at line " + p.statement.line()
                    + " cannot take bind parameters");
        }
        org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        try (Cancellation.Registration r = cancellation.onCancel(() -> cancelQuietly(c))) {
            tally.affected += copy.copyIn(p.statement.text(), new java.io.StringReader(p.statement.copyData()));
        } catch (java.io.IOException e) {
            throw new SQLException("reading the inline COPY rows failed: " + e.getMessage(), e);
        }
        tally.anyUpdate = true;
        tally.last = null;
    }

    /** A running COPY has no Statement to cancel; the connection's cancel request stops it. */
    private static void cancelQuietly(Connection c) {
        try {
            ((org.postgresql.PGConnection) c.unwrap(org.postgresql.PGConnection.class)).cancelQuery();
        } catch (SQLException ignored) {
            // Finished or gone: it no longer runs.
        }
    }

    /** What the statements of one body added up to: rows affected, and the last query's rows. */
    private static final class Tally {
        long affected;
        boolean anyUpdate;
        QueryResult last;
        long statementStarted = System.nanoTime();
    }

    /** The plan's number, or its expression over the run's variables evaluated now, before anything commits. */
    private Long expectedAffected(PlannedSql sql, Map<String, Object> vars) throws StepFailure {
        if (sql.expectAffectedAtRun() == null) return sql.expectAffected();
        try {
            return dev.runbook.plan.AffectedRows.of(expressions.evaluate(sql.expectAffectedAtRun().source(), vars));
        } catch (RuntimeException e) {
            throw new StepFailure(FailureKind.EXPECTATION, "expect_affected: " + sql.expectAffectedAtRun().source() + ": "
                    + e.getMessage());
        }
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

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
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
