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
        Connection c = new JdbcDataSource(spec.jdbcUrl(), properties(application)).getConnection();
        if (readOnly) c.setReadOnly(true);
        return c;
    }

    /** Sessions for Flyway, which opens its own; read-only when observing. */
    DataSource dataSource() {
        Properties p = properties(applicationName);
        if (readOnly) p.setProperty("readOnly", "true");
        return new JdbcDataSource(spec.jdbcUrl(), p);
    }

    /** The journal's and the lock's sessions (auto-commit), each named {@code application} or ours. */
    public Connector journal() {
        return application -> {
            Connection c = open(application == null ? applicationName : application);
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
