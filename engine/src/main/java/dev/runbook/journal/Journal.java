package dev.runbook.journal;

import dev.runbook.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run journal in one database target: a history table (default {@code runbook_history}) with a row
 * per run and per item, created on first use. Every write is committed at once on the journal's own
 * auto-commit connection, never on a step's, so rolling back a failed step cannot erase its record.
 * Thread-safe; close it when the run ends.
 */
public final class Journal implements AutoCloseable {
    public static final String DEFAULT_TABLE = JournalTable.DEFAULT_NAME;
    /** The session name a journal asks for; a run's connector names it {@code runbook:<run-id>:<operator>:journal}. */
    public static final String APPLICATION_NAME = "runbook-journal";

    private final Connector connector;
    private final JournalTable table;
    private final Clock clock;
    private Connection connection;

    private Journal(Connector connector, JournalTable table, Clock clock, Connection connection) {
        this.connector = connector;
        this.table = table;
        this.clock = clock;
        this.connection = connection;
    }

    /**
     * Connects, refuses a journal made by a newer Runbook, and creates the journal if it is missing.
     *
     * @param table the target's {@code journal_table} (qualified names allowed), or null for the default
     * @throws JournalVersionException when the journal's schema version is newer than this Runbook's
     * @throws JournalException when the database cannot be reached or the journal cannot be created
     */
    public static Journal open(Connector connector, Dialect dialect, String table, Clock clock) {
        JournalTable t = JournalTable.of(dialect, table);
        Connection c = null;
        try {
            c = connector.open(APPLICATION_NAME);
            c.setAutoCommit(true);
            t.ensure(c);
            return new Journal(connector, t, clock, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new JournalException("cannot open the run journal " + t.name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public String table() {
        return table.name;
    }

    /** Writes the run's row as {@code started} and returns the writer for its items. */
    public JournalRun begin(RunRecord run) {
        Instant now = clock.instant();
        insert(run, "run", "run", run.planHash(), JournalStatus.STARTED, now, null, null, null);
        return new JournalRun(this, run);
    }

    /**
     * The last successful application of a {@code once} step of this runbook in any earlier run, or empty
     * when it was never applied or its last application was rolled back.
     */
    public synchronized Optional<OnceApplication> appliedOnce(String runbookId, String stepId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(table.onceSql())) {
                ps.setMaxRows(1);
                ps.setString(1, runbookId);
                ps.setString(2, JournalRun.stepKey(stepId));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !JournalStatus.SUCCEEDED.word().equals(rs.getString("status"))) return Optional.empty();
                    return Optional.of(new OnceApplication(rs.getString("item_checksum"), rs.getString("run_id"),
                            instant(rs, "ended_at")));
                }
            }
        }, "read the once record of step '" + stepId + "'");
    }

    /**
     * The latest successful rehearsal of exactly this plan (same plan hash) by this runbook, or empty: a run names
     * it in its report, so the change record shows plan, rehearsal and run as one chain.
     */
    public synchronized Optional<String> latestRehearsal(String runbookId, String planHash) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM " + table.quoted
                    + " WHERE kind = 'run' AND item_key = 'run' AND runbook_id = ? AND item_checksum = ? AND status = ?"
                    + " AND detail LIKE ? ORDER BY started_at DESC")) {
                ps.setMaxRows(1);
                ps.setString(1, runbookId);
                ps.setString(2, planHash);
                ps.setString(3, JournalStatus.SUCCEEDED.word());
                ps.setString(4, REHEARSAL_DETAIL + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        }, "look up the rehearsal of plan " + planHash);
    }

    /** How a rehearsal's run row begins its detail; the executor writes it, {@link #latestRehearsal} reads it. */
    public static final String REHEARSAL_DETAIL = "unchanged: the rehearsal's transaction was rolled back";

    /** Detail of a run row that a later run resumed: "resumed by run ID". */
    public static final String RESUMED_BY = "resumed by run ";

    /**
     * Marks run {@code earlierRunId} as resumed by {@code runId}, unless another run resumed it first: one
     * conditional update, so of two resumes only one can win, even when they race.
     *
     * @return empty when claimed (or this journal does not know the run); else the detail naming who resumed it
     */
    public synchronized Optional<String> claimResume(String earlierRunId, String runId) {
        int changed = write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table.quoted + " SET status = ?, detail = ?"
                    + " WHERE run_id = ? AND item_key = 'run' AND status <> ?")) {
                ps.setString(1, JournalStatus.RESUMED.word());
                ps.setString(2, JournalTable.fit("detail", RESUMED_BY + runId));
                ps.setString(3, earlierRunId);
                ps.setString(4, JournalStatus.RESUMED.word());
                return ps.executeUpdate();
            }
        }, "mark run " + earlierRunId + " as resumed by " + runId);
        if (changed == 1) return Optional.empty();
        return runState(earlierRunId).filter(s -> s.status() == JournalStatus.RESUMED).map(RunState::detail);
    }

    /**
     * Sessions of run {@code runId} still busy on this server (not idle), as "session (state): statement": what a
     * dead run may have left running, such as a {@code transaction: false} statement or a step blocked in a lock.
     */
    public synchronized List<String> activeSessions(String runId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(table.dialect.runSessionsSql())) {
                ps.setString(1, "runbook:" + runId + ":%");
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String q = rs.getString(3);
                        out.add("session " + rs.getString(1) + " (" + rs.getString(2) + ")"
                                + (q == null ? "" : ": " + q.strip().replaceAll("\\s+", " ")));
                    }
                }
                return out;
            }
        }, "look for sessions of run " + runId);
    }

    /**
     * Runs other than {@code runId} with a row started or ended at or after {@code since} (as "run ID (item status)"),
     * oldest first: what a restart of the target let in while this run held no lock there.
     */
    public synchronized List<String> otherRunsSince(String runId, Instant since) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, item_key, status FROM " + table.quoted
                    + " WHERE run_id <> ? AND (started_at >= ? OR ended_at >= ?) ORDER BY started_at")) {
                ps.setString(1, runId);
                setInstant(ps, 2, since);
                setInstant(ps, 3, since);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < 5) {
                        out.add("run " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                    }
                }
                return out;
            }
        }, "look for other runs since " + since);
    }

    /** Everything the journal holds about one run, or empty when this target never saw it. */
    public synchronized Optional<RunState> runState(String runId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(table.runRowsSql())) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    RunRowReader reader = new RunRowReader(runId);
                    while (rs.next()) reader.add(rs);
                    return reader.state();
                }
            }
        }, "read run " + runId);
    }

    /**
     * Records that {@code by} approved step {@code stepId} of the waiting run {@code state}, with the reason.
     *
     * @throws JournalException when it cannot be written, e.g. the step was approved already
     */
    public synchronized RecordedApproval recordApproval(RunState state, String stepId, String by, String host,
                                                        String toolVersion, String reason) {
        RecordedApproval a = new RecordedApproval(stepId, by, clock.instant(), reason, state.endedAt());
        insert(new RunRecord(state.runId(), state.runbookId(), state.runbookChecksum(), state.planHash(), null, null, by,
                host, toolVersion), RecordedApproval.key(stepId), "step", null, JournalStatus.SUCCEEDED, a.at(), a.at(),
                null, a.detail());
        return a;
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
        connection = null;
    }

    synchronized void insert(RunRecord run, String key, String kind, String checksum, JournalStatus status,
                             Instant started, Instant ended, String digest, String detail) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(table.insertSql())) {
                bindInsert(ps, run, key, kind, checksum, status, started, ended, digest, detail);
                return ps.executeUpdate();
            }
        }, "record " + key + " of run " + run.runId() + " as " + status.word());
    }

    /**
     * Inserts an item's first row; false, writing nothing, when the run already has a row for the key (the
     * primary key refuses it: an integrity violation, SQLSTATE class 23, on every engine).
     */
    synchronized boolean insertNew(RunRecord run, String key, String kind, String checksum, JournalStatus status,
                                   Instant started) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement(table.insertSql())) {
                bindInsert(ps, run, key, kind, checksum, status, started, null, null, null);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) return false;
                throw e;
            }
        }, "record " + key + " of run " + run.runId() + " as " + status.word());
    }

    /**
     * Records finished items in one transaction, one commit for all: each row that exists (a retried step's
     * check) gets its new outcome, the others are inserted, in two batched statements.
     */
    synchronized void recordAll(RunRecord run, List<JournalRun.Recorded> items) {
        if (items.isEmpty()) return;
        write(c -> {
            c.setAutoCommit(false);
            try {
                int[] updated;
                try (PreparedStatement ps = c.prepareStatement(table.finishSql())) {
                    for (JournalRun.Recorded r : items) {
                        ps.setString(1, r.status().word());
                        setInstant(ps, 2, r.ended());
                        ps.setString(3, JournalTable.fit("evidence_digest", r.digest()));
                        ps.setString(4, JournalTable.fit("detail", r.detail()));
                        ps.setString(5, JournalTable.fit("run_id", run.runId()));
                        ps.setString(6, JournalTable.fit("item_key", r.key()));
                        ps.addBatch();
                    }
                    updated = ps.executeBatch();
                }
                boolean inserts = false;
                try (PreparedStatement ps = c.prepareStatement(table.insertSql())) {
                    for (int n = 0; n < items.size(); n++) {
                        if (updated[n] != 0) continue;
                        JournalRun.Recorded r = items.get(n);
                        bindInsert(ps, run, r.key(), JournalRun.kindOf(r.key()), null, r.status(), r.started(), r.ended(),
                                r.digest(), r.detail());
                        ps.addBatch();
                        inserts = true;
                    }
                    if (inserts) ps.executeBatch();
                }
                c.commit();
                return items.size();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // A broken connection has rolled back already.
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // A broken connection is replaced by the next write.
                }
            }
        }, "record " + items.size() + " items of run " + run.runId());
    }

    private static void bindInsert(PreparedStatement ps, RunRecord run, String key, String kind, String checksum,
                                   JournalStatus status, Instant started, Instant ended, String digest, String detail)
            throws SQLException {
        int i = 0;
        ps.setString(++i, JournalTable.fit("run_id", run.runId()));
        ps.setString(++i, JournalTable.fit("item_key", key));
        ps.setString(++i, kind);
        ps.setString(++i, JournalTable.fit("runbook_id", run.runbookId()));
        ps.setString(++i, JournalTable.fit("runbook_checksum", run.runbookChecksum()));
        ps.setString(++i, JournalTable.fit("item_checksum", checksum));
        ps.setString(++i, JournalTable.fit("ticket", run.ticket()));
        ps.setString(++i, JournalTable.fit("environment", run.environment()));
        ps.setString(++i, JournalTable.fit("operator", run.operator()));
        ps.setString(++i, JournalTable.fit("host", run.host()));
        ps.setString(++i, JournalTable.fit("tool_version", run.toolVersion()));
        ps.setString(++i, status.word());
        setInstant(ps, ++i, started);
        setInstant(ps, ++i, ended);
        ps.setString(++i, JournalTable.fit("evidence_digest", digest));
        ps.setString(++i, JournalTable.fit("detail", detail));
    }

    /** Runs an UPDATE whose last two binds are run id and item key; returns the rows changed. */
    synchronized int update(String sql, String what, Object... binds) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < binds.length; i++) {
                    Object b = binds[i];
                    if (b instanceof Instant t) setInstant(ps, i + 1, t);
                    else ps.setString(i + 1, (String) b);
                }
                return ps.executeUpdate();
            }
        }, what);
    }

    /**
     * Runs an UPDATE on someone else's connection, inside its open transaction: the row commits or rolls back
     * with that transaction's work. Not retried; the caller's transaction decides.
     */
    int updateInside(Connection c, String sql, Object... binds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                Object b = binds[i];
                if (b instanceof Instant t) setInstant(ps, i + 1, t);
                else ps.setString(i + 1, (String) b);
            }
            return ps.executeUpdate();
        }
    }

    JournalTable tableDef() {
        return table;
    }

    Instant now() {
        return clock.instant();
    }

    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * One statement on the journal's connection. A connection that broke (server restart, network blip) is
     * replaced once and the statement repeated; the writes are idempotent updates or keyed inserts.
     */
    private <T> T write(Work<T> work, String what) {
        try {
            return work.apply(connection());
        } catch (SQLException first) {
            if (connectionUsable()) throw new JournalException("cannot " + what + " in the journal " + table.name + ": "
                    + first.getMessage(), first);
            closeQuietly(connection);
            connection = null;
            try {
                return work.apply(connection());
            } catch (SQLException again) {
                again.addSuppressed(first);
                throw new JournalException("cannot " + what + " in the journal " + table.name + ": "
                        + again.getMessage(), again);
            }
        }
    }

    private <T> T read(Work<T> work, String what) {
        return write(work, what);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connector.open(APPLICATION_NAME);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private boolean connectionUsable() {
        try {
            return connection != null && connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing is best effort; the server drops the session either way.
        }
    }

    /** Folds a run's rows into a {@link RunState}: the run row gives its identity, the others its items. */
    private static final class RunRowReader {
        private final String runId;
        private final List<ItemState> items = new ArrayList<>();
        private String runbookId;
        private String runbookChecksum;
        private String planHash;
        private JournalStatus status;
        private Instant started;
        private Instant ended;
        private String detail;

        RunRowReader(String runId) {
            this.runId = runId;
        }

        void add(ResultSet rs) throws SQLException {
            String kind = rs.getString("kind");
            JournalStatus st = JournalStatus.fromWord(rs.getString("status"));
            if (kind.equals("run")) {
                runbookId = rs.getString("runbook_id");
                runbookChecksum = rs.getString("runbook_checksum");
                planHash = rs.getString("item_checksum");
                status = st;
                started = instant(rs, "started_at");
                ended = instant(rs, "ended_at");
                detail = rs.getString("detail");
            } else {
                items.add(new ItemState(rs.getString("item_key"), kind, st, rs.getString("item_checksum"),
                        instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("evidence_digest"),
                        rs.getString("detail")));
            }
        }

        Optional<RunState> state() {
            if (status == null) return Optional.empty();
            return Optional.of(new RunState(runId, runbookId, runbookChecksum, planHash, status, started, ended, detail,
                    items));
        }
    }
}
