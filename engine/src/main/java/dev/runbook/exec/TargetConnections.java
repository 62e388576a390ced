package dev.runbook.exec;

import dev.runbook.plan.PlannedTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One open JDBC connection per database target for the length of a run, opened on first use, dropped
 * after a connection failure so a retry reconnects, all closed at the end. Used by the run's thread.
 */
final class TargetConnections implements AutoCloseable {
    private final Map<String, PlannedTarget> targets;
    private final EmbeddedDatabases embedded;
    private final Map<String, ConnectionSpec> specs = new LinkedHashMap<>();
    private final Map<String, Connection> open = new LinkedHashMap<>();

    private final String applicationName;
    private final Use use;
    private FirstUse firstUse = target -> { };

    /** What must happen before a step's first session on a target opens (a lazy target's lock and journal). */
    interface FirstUse {
        void before(String target) throws StepFailure;
    }

    /** Called before each step session opens on a target not used yet in this run; see {@link TargetJournal#join}. */
    void beforeFirstUse(FirstUse hook) {
        this.firstUse = hook;
    }

    /** What the connections are for: a run, a rehearsal (one transaction, rolled back), or read-only observation. */
    enum Use { RUN, REHEARSAL, OBSERVE }
    private final Map<String, Connection> rehearsed = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> sequencesBefore = new LinkedHashMap<>();
    private final Map<String, String> transactionOpened = new LinkedHashMap<>();

    /**
     * How a rehearsal ended: what a rollback cannot undo, and every target whose transaction at the end was not the
     * one the rehearsal opened (something committed it, so changes may have stayed).
     */
    record RehearsalEnd(List<String> left, List<String> escaped) {}

    /** @param applicationName shown by the server for our sessions ({@code runbook:<run-id>:<operator>}) */
    TargetConnections(Map<String, PlannedTarget> targets, EmbeddedDatabases embedded, String applicationName) {
        this(targets, embedded, applicationName, Use.RUN);
    }

    /**
     * @param use {@link Use#REHEARSAL} lends out one never-committed connection per target, rolled back by
     *            {@link #endRehearsal}; {@link Use#OBSERVE} opens every connection read-only
     */
    TargetConnections(Map<String, PlannedTarget> targets, EmbeddedDatabases embedded, String applicationName,
                      Use use) {
        this.use = use;
        this.applicationName = applicationName;
        this.targets = targets;
        this.embedded = embedded;
    }

    /** Whether these connections are a rehearsal's (one transaction per target, rolled back at the end). */
    boolean rehearsal() {
        return use == Use.REHEARSAL;
    }

    PlannedTarget target(String name) throws StepFailure {
        PlannedTarget t = name == null ? null : targets.get(name);
        if (t == null) throw new StepFailure(FailureKind.INVALID, "no target named '" + name + "' in the plan");
        return t;
    }

    /** How to reach a database target, resolved once (starting the embedded server when the plan asks). */
    ConnectionSpec spec(String name) throws StepFailure {
        ConnectionSpec known = specs.get(name);
        if (known != null) return known;
        PlannedTarget t = target(name);
        if (!t.isDatabase()) throw new StepFailure(FailureKind.INVALID, "target '" + name + "' is not a database");
        try {
            ConnectionSpec spec = t.embedded()
                    ? embedded.database(t.settings().getOrDefault("database", "rb_" + name))
                    : JdbcTargets.spec(t.engine(), t.settings());
            specs.put(name, spec);
            return spec;
        } catch (Exception e) {
            throw new StepFailure(FailureKind.CONNECTION, "cannot prepare a connection to target '" + name + "' ("
                    + t.display() + "): " + e.getMessage(), null, null, null, e);
        }
    }

    /** How sessions on a database target are opened for this run (see {@link TargetConnector}). */
    TargetConnector connector(String name) throws StepFailure {
        return new TargetConnector(target(name), spec(name), applicationName, use == Use.OBSERVE);
    }

    /** Sessions for Flyway, which opens its own. (A rehearsal lends its one connection instead; see {@link MigrateRunner}.) */
    javax.sql.DataSource dataSource(String name) throws StepFailure {
        firstUse.before(name);
        return connector(name).dataSource();
    }

    Connection connection(String name) throws StepFailure {
        Connection c = open.get(name);
        if (c != null) return c;
        firstUse.before(name);
        TargetConnector connector = connector(name);
        PlannedTarget t = target(name);
        try {
            c = connector.open();
        } catch (SQLException e) {
            throw SqlFailures.connect(name, t.display(), e);
        }
        if (use == Use.REHEARSAL) {
            try {
                rehearsed.put(name, c);
                sequencesBefore.put(name, sequences(c, t));
                c = RehearsalConnection.wrap(c);
                transactionOpened.put(name, transactionIdentity(rehearsed.get(name), t));
            } catch (SQLException e) {
                throw SqlFailures.connect(name, t.display(), e);
            }
        }
        open.put(name, c);
        return c;
    }

    /**
     * Ends a rehearsal: rolls back every target's transaction and says what a rollback cannot undo (sequence
     * values consumed, by name), one sentence per target; empty when nothing is left behind.
     */
    RehearsalEnd endRehearsal() {
        List<String> left = new ArrayList<>();
        List<String> escaped = new ArrayList<>();
        for (Map.Entry<String, Connection> e : rehearsed.entrySet()) {
            String name = e.getKey();
            try {
                String opened = transactionOpened.get(name);
                String now = transactionIdentity(e.getValue(), targets.get(name));
                if (!now.equals(opened)) {
                    escaped.add("target '" + name + "': THE REHEARSAL'S TRANSACTION WAS NOT THE ONE IT OPENED (session:"
                            + "transaction " + opened + " at the start, " + now + " at the end): a statement committed or"
                            + " ended it, so changes made before that may be committed; check the target");
                }
                e.getValue().rollback();
                Map<String, Long> before = sequencesBefore.getOrDefault(name, Map.of());
                Map<String, Long> after = sequences(e.getValue(), targets.get(name));
                List<String> moved = new ArrayList<>();
                after.forEach((seq, value) -> {
                    Long was = before.get(seq);
                    if (value != null && !value.equals(was)) moved.add(seq + " (" + was + " -> " + value + ")");
                });
                if (!moved.isEmpty()) {
                    left.add("target '" + name + "': sequence values consumed, which a rollback does not give back: "
                            + String.join(", ", moved));
                }
            } catch (SQLException ex) {
                left.add("target '" + name + "': the rehearsal's transaction could not be rolled back cleanly ("
                        + ex.getMessage() + "); the session is closed, which rolls it back");
            }
        }
        return new RehearsalEnd(left, escaped);
    }

    private static String transactionIdentity(Connection c, PlannedTarget t) throws SQLException {
        try (java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(dev.runbook.db.Dialect.forEngine(t.engine()).transactionIdentitySql())) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static Map<String, Long> sequences(Connection c, PlannedTarget t) throws SQLException {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(dev.runbook.db.Dialect.forEngine(t.engine()).sequenceValuesSql())) {
            while (rs.next()) {
                long v = rs.getLong(2);
                out.put(rs.getString(1), rs.wasNull() ? null : v);
            }
        }
        if (!c.getAutoCommit()) c.commit();
        return out;
    }

    /** Forgets a connection that may be broken, so the next use opens a new one. */
    void discard(String name) {
        Connection real = rehearsed.remove(name);
        if (real != null) {
            try {
                real.rollback();
                real.close();
            } catch (SQLException ignored) {
                // Closing the session rolls its transaction back anyway.
            }
        }
        Connection c = open.remove(name);
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // It is being thrown away because it already failed.
            }
        }
    }

    @Override
    public void close() {
        for (String name : new java.util.ArrayList<>(open.keySet())) discard(name);
    }
}
