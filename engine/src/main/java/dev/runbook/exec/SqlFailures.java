package dev.runbook.exec;

import dev.runbook.reports.model.SqlPosition;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Classifies database errors (connection, timeout, error) and words them with the statement and position. */
final class SqlFailures {
    private SqlFailures() {}

    static StepFailure connect(String target, String display, SQLException e) {
        String state = e.getSQLState();
        String why = firstLine(e.getMessage());
        if (state != null && state.startsWith("28")) {
            return new StepFailure(FailureKind.ERROR, "target '" + target + "' (" + display
                    + ") rejected the credentials: " + why, state, null, null, e);
        }
        if ("3D000".equals(state)) {
            return new StepFailure(FailureKind.ERROR, "target '" + target + "' (" + display + "): " + why, state, null, null, e);
        }
        return new StepFailure(FailureKind.CONNECTION, "cannot connect to target '" + target + "' (" + display + "): "
                + why, state, null, null, e);
    }

    /**
     * A failed statement. {@code stopped} says the engine itself cancelled it (step timeout or stop request),
     * which the server reports as an ordinary cancellation.
     */
    static StepFailure statement(String target, dev.runbook.db.SqlStatement statement, SQLException e,
                                  Cancellation.Cause stopped, String stopReason, boolean queryTimeoutElapsed) {
        String sql = statement.text();
        String state = e.getSQLState();
        if (stopped == Cancellation.Cause.TIMEOUT) {
            return new StepFailure(FailureKind.TIMEOUT, "step timed out; the statement was cancelled: "
                    + abbreviate(sql), state, null, null, e);
        }
        if (stopped == Cancellation.Cause.STOP) {
            return new StepFailure(FailureKind.INTERRUPTED, "stopped (" + stopReason + "); the statement was cancelled: "
                    + abbreviate(sql), state, null, null, e);
        }
        // 57014 is any cancel: statement_timeout says so in its message; pgjdbc's query timeout is told by the caller.
        boolean timeout = e instanceof SQLTimeoutException || queryTimeoutElapsed
                || "57014".equals(state) && String.valueOf(e.getMessage()).contains("statement timeout");
        if (timeout) {
            return new StepFailure(FailureKind.TIMEOUT, "statement timeout: " + firstLine(e.getMessage()) + " in: "
                    + abbreviate(sql), state, null, null, e);
        }
        if ("57014".equals(state)) {
            return new StepFailure(FailureKind.ERROR, "cancelled: " + firstLine(e.getMessage()) + " (SQLSTATE 57014: the"
                    + " server or another session cancelled the statement; not a timeout) in: " + abbreviate(sql),
                    state, null, null, e);
        }
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P03"))) {
            return new StepFailure(FailureKind.CONNECTION, "lost the connection to target '" + target + "': "
                    + firstLine(e.getMessage()), state, null, null, e);
        }
        SqlPosition position = null;
        String where = "";
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage m = pe.getServerErrorMessage();
            if (m.getPosition() > 0) {
                position = lineColumn(statement, m.getPosition());
                where = " at " + position.text();
            }
        }
        String message = e instanceof PSQLException pe && pe.getServerErrorMessage() != null
                ? pe.getServerErrorMessage().getMessage() : firstLine(e.getMessage());
        return new StepFailure(FailureKind.ERROR, message + where + " (SQLSTATE " + state + ") in: " + abbreviate(sql),
                state, position, null, e);
    }

    /** A statement that waited longer than the step's lock_timeout for a lock: retryable with on: [lock_timeout]. */
    static StepFailure lockTimeout(dev.runbook.db.SqlStatement statement, SQLException e, java.time.Duration limit) {
        return new StepFailure(FailureKind.LOCK_TIMEOUT, "lock_timeout (" + dev.runbook.text.HumanDuration.of(limit)
                + ") ran out waiting for a lock another session holds: " + firstLine(e.getMessage()) + " in: "
                + abbreviate(statement.text()) + "; the transaction was rolled back", e.getSQLState(), null, null, e);
    }

    /**
     * The server counts characters from 1 within the statement; people read line:column of the SQL they
     * wrote, so the statement's own place in the script is added.
     */
    static SqlPosition lineColumn(dev.runbook.db.SqlStatement statement, int charPosition) {
        String sql = statement.text();
        int line = statement.line();
        int col = statement.column();
        for (int i = 0; i < sql.length() && i < charPosition - 1; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SqlPosition(line, col);
    }

    static String abbreviate(String sql) {
        String one = sql.strip().replaceAll("\\s+", " ");
        return one.length() <= 300 ? one : one.substring(0, 300) + "…";
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
