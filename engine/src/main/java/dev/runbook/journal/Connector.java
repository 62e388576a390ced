package dev.runbook.journal;

import dev.runbook.db.Dialect;
import dev.runbook.db.JdbcConnectionSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a new connection to one database target, telling the server which application it is
 * ({@code runbook:<run-id>:<operator>} for the run lock), so the journal and the lock each get a session
 * of their own, apart from the connections steps run on. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Connector {

    /** A new connection in auto-commit mode; the caller closes it. */
    Connection open(String applicationName) throws SQLException;

    /** Connects with {@code DriverManager}, the application name set through the dialect's connection property. */
    static Connector of(String jdbcUrl, Properties properties, Dialect dialect) {
        Properties base = new Properties();
        base.putAll(properties);
        return applicationName -> {
            Properties p = new Properties();
            p.putAll(base);
            if (applicationName != null) p.setProperty(dialect.applicationNameProperty(), applicationName);
            Connection c;
            try {
                c = DriverManager.getConnection(jdbcUrl, p);
            } catch (SQLException e) {
                throw dev.runbook.db.ConnectTimeouts.explain(e, jdbcUrl, p, dialect);
            }
            c.setAutoCommit(true);
            return c;
        };
    }

    static Connector of(JdbcConnectionSpec spec, Dialect dialect) {
        return of(spec.jdbcUrl(), spec.toProperties(), dialect);
    }
}
