package dev.runbook.exec;

import dev.runbook.db.Dialect;
import dev.runbook.journal.Connector;
import dev.runbook.migrate.JdbcDataSource;
import dev.runbook.plan.PlannedTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The one way Runbook opens a session on a database target: the steps', Flyway's, the journal's and the lock's
 * during a run, {@code plan --connect}'s, {@code history}'s and {@code resume}'s. Every session gets the spec made
 * from the planned settings, a connect timeout, our application name (so a lock holder can be found in
 * {@code pg_stat_activity}), and is read-only when observing. Immutable and thread-safe.
 */
public final class TargetConnector {
    /** Seconds to wait for a target to answer: an unreachable target must not hang a run's start. */
    private static final String CONNECT_TIMEOUT_SECONDS = "15";

    private final PlannedTarget target;
    private final ConnectionSpec spec;
    private final String applicationName;
    private final boolean readOnly;

    TargetConnector(PlannedTarget target, ConnectionSpec spec, String applicationName, boolean readOnly) {
        this.target = target;
        this.spec = spec;
        this.applicationName = applicationName;
        this.readOnly = readOnly;
    }

    /**
     * For commands outside a run ({@code history}, {@code resume}) on a target that is not embedded.
     *
     * @throws IllegalArgumentException with a redacted message when the settings cannot make a connection
     */
    public static TargetConnector of(PlannedTarget target, String applicationName) {
        return new TargetConnector(target, JdbcTargets.spec(target.engine(), target.settings()), applicationName, false);
    }

    ConnectionSpec spec() {
        return spec;
    }

    /** A new session under our application name; the caller closes it. */
    public Connection open() throws SQLException {
        return open(applicationName);
    }

    private Connection open(String application) throws SQLException {
        return open(application, null);
    }

    /** @param socketTimeout bound on every read (null: none, for steps whose statements may rightly run for hours) */
    private Connection open(String application, java.time.Duration socketTimeout) throws SQLException {
        Properties props = properties(application);
        Dialect dialect = Dialect.forEngine(target.engine());
        dialect.linkProperties(socketTimeout).forEach(props::putIfAbsent);
        Connection c;
        try {
            c = new JdbcDataSource(spec.jdbcUrl(), props).getConnection();
        } catch (SQLException e) {
            throw dev.runbook.db.ConnectTimeouts.explain(e, spec.jdbcUrl(), props, dialect);
        }
        if (readOnly) c.setReadOnly(true);
        return c;
    }

    /** Sessions for Flyway, which opens its own; read-only when observing. */
    DataSource dataSource() {
        Properties p = properties(applicationName);
        Dialect.forEngine(target.engine()).linkProperties(null).forEach(p::putIfAbsent);
        if (readOnly) p.setProperty("readOnly", "true");
        return new JdbcDataSource(spec.jdbcUrl(), p);
    }

    /** Longest a journal or lock session waits for the server's answer before it counts the link as gone. */
    static final java.time.Duration JOURNAL_SOCKET_TIMEOUT = java.time.Duration.ofSeconds(20);

    /**
     * The journal's and the lock's sessions (auto-commit), each named {@code application} or ours; the journal's
     * carries our name too ({@code <ours>:journal}), so a resume can tell what a dead run still has running. Their
     * statements are short, so a read that waits longer than {@link #JOURNAL_SOCKET_TIMEOUT} is a dead link.
     */
    public Connector journal() {
        return application -> {
            String name = application == null ? applicationName
                    : dev.runbook.journal.Journal.APPLICATION_NAME.equals(application) && applicationName != null
                    ? applicationName + ":journal" : application;
            Connection c = open(name, JOURNAL_SOCKET_TIMEOUT);
            c.setAutoCommit(true);
            return c;
        };
    }

    private Properties properties(String application) {
        Dialect dialect = Dialect.forEngine(target.engine());
        Properties p = new Properties();
        p.putAll(spec.properties());
        p.putIfAbsent(dialect.connectTimeoutProperty(), CONNECT_TIMEOUT_SECONDS);
        if (application != null) p.setProperty(dialect.applicationNameProperty(), application);
        return p;
    }
}
