package dev.runbook.journal;

import dev.runbook.db.Dialect;
import dev.runbook.db.LockSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run lock of one database target, held by a session of its own for the whole run: PostgreSQL
 * advisory locks or SQL Server application locks, so the server drops it when a crashed run's session
 * ends. Scope {@code runbook} holds the target's lock shared and the runbook's exclusive; scope
 * {@code target} holds the target's exclusive, keeping every other run out; {@code none} takes nothing.
 * {@link #alive} and {@link #close} may be called from a watchdog thread; close it when the run ends.
 */
public final class TargetLock implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String target;
    private final String scope;
    private final Connection connection;
    private final List<LockSql> held;

    private TargetLock(String target, String scope, Connection connection, List<LockSql> held) {
        this.target = target;
        this.scope = scope;
        this.connection = connection;
        this.held = held;
    }

    /**
     * Takes the lock, polling until {@code request.timeout()} has passed (zero: one try).
     *
     * @throws LockHeldException naming the holder when the lock is still taken at the deadline
     * @throws JournalException when the database cannot be reached
     */
    public static TargetLock acquire(Connector connector, Dialect dialect, LockRequest request) throws LockHeldException {
        if (request.scope().equals("none")) return new TargetLock(request.target(), "none", null, List.of());
        List<LockSql> wanted = request.scope().equals("target")
                ? List.of(dialect.lockSql(request.targetScope()))
                : List.of(dialect.sharedLockSql(request.targetScope()), dialect.lockSql(request.runbookScope()));
        long start = System.nanoTime();
        long deadline = start + request.timeout().toNanos();
        Connection c = null;
        List<LockSql> got = new ArrayList<>();
        try {
            c = connector.open(request.applicationName());
            c.setAutoCommit(true);
            while (true) {
                LockSql blocked = null;
                for (LockSql lock : wanted) {
                    if (got.contains(lock)) continue;
                    if (tryLock(c, lock)) got.add(lock);
                    else {
                        blocked = lock;
                        break;
                    }
                }
                if (blocked == null) return new TargetLock(request.target(), request.scope(), c, List.copyOf(got));
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    List<LockHolder> holders = holders(c, dialect, request, blocked);
                    throw new LockHeldException(request.target(), explain(request, blocked, wanted), holders,
                            Duration.ofNanos(System.nanoTime() - start).withNanos(0));
                }
                if (!sleep(Math.min(POLL.toNanos(), left))) deadline = System.nanoTime();
            }
        } catch (SQLException e) {
            releaseQuietly(c, got);
            closeQuietly(c);
            throw new JournalException("cannot take the run lock on target '" + request.target() + "': "
                    + e.getMessage(), e);
        } catch (LockHeldException | RuntimeException e) {
            releaseQuietly(c, got);
            closeQuietly(c);
            throw e;
        }
    }

    public String target() {
        return target;
    }

    /** {@code runbook}, {@code target} or {@code none}. */
    public String scope() {
        return scope;
    }

    /** Whether a lock is held (false for scope {@code none} and after close). */
    public boolean held() {
        return !held.isEmpty() && connection != null && !isClosed();
    }

    /**
     * Whether the lock's session is still alive; when it is not, the server has dropped the lock and the run
     * should stop before its next step.
     */
    public synchronized boolean alive() {
        if (connection == null) return true;
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Releases the lock and ends its session; closing the session alone would release it too. */
    @Override
    public synchronized void close() {
        if (connection == null) return;
        releaseQuietly(connection, held);
        closeQuietly(connection);
    }

    private boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static boolean tryLock(Connection c, LockSql lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock.tryLockSql())) {
            ps.setObject(1, lock.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean("acquired");
            }
        }
    }

    private static List<LockHolder> holders(Connection c, Dialect dialect, LockRequest request, LockSql blocked)
            throws SQLException {
        List<LockHolder> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(blocked.holderSql())) {
            ps.setObject(1, blocked.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(LockHolder.parse(rs.getString("application_name"), rs.getString("pid"),
                            sessionStart(rs)));
                }
            }
        }
        List<LockHolder> withStart = new ArrayList<>();
        for (LockHolder h : out) {
            Optional<Instant> started = h.runId() == null ? Optional.empty() : runStart(c, dialect, request, h.runId());
            withStart.add(started.map(h::startedAt).orElse(h));
        }
        return withStart;
    }

    /**
     * PostgreSQL gives backend_start as timestamptz; SQL Server gives login_time as a zone-less datetime in the
     * server's time, read here as a timestamp. Null when the holder's session is hidden from this user.
     */
    private static Instant sessionStart(ResultSet rs) throws SQLException {
        try {
            OffsetDateTime t = rs.getObject("backend_start", OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        } catch (SQLException notAnOffset) {
            java.sql.Timestamp t = rs.getTimestamp("backend_start");
            return t == null ? null : t.toInstant();
        }
    }

    /** The holder's own journal row says when its run started; the session start is only a fallback. */
    private static Optional<Instant> runStart(Connection c, Dialect dialect, LockRequest request, String runId) {
        try {
            return new HistoryQuery(dialect, request.journalTable()).run(c, runId).map(PastRun::startedAt);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String explain(LockRequest request, LockSql blocked, List<LockSql> wanted) {
        if (request.scope().equals("target")) return "this target's lock is target-wide, so no other run may be active";
        if (blocked.equals(wanted.get(0))) return "a run holds the whole target";
        return "another run of runbook '" + request.runbookId() + "' is in progress";
    }

    /** False when interrupted (Ctrl-C while waiting): the wait ends as if the timeout had passed. */
    private static boolean sleep(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void releaseQuietly(Connection c, List<LockSql> locks) {
        if (c == null) return;
        for (int i = locks.size() - 1; i >= 0; i--) {
            LockSql lock = locks.get(i);
            try (PreparedStatement ps = c.prepareStatement(lock.releaseSql())) {
                ps.setObject(1, lock.key());
                ps.execute();
            } catch (SQLException ignored) {
                // Closing the session below releases whatever is still held.
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // The server ends the session, and with it the lock, either way.
        }
    }
}
