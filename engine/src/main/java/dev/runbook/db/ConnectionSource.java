package dev.runbook.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The part of {@link DataSource} that Flyway needs and nothing here uses: logging goes through SLF4J, the
 * connect timeout is the driver's own setting, and nothing wraps anything. Subclasses say how they get a
 * connection.
 */
public abstract class ConnectionSource implements DataSource {
    @Override
    public abstract Connection getConnection() throws SQLException;

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Nothing logs through a DataSource here.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The driver's connect timeout (a URL or property setting) applies.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) return type.cast(this);
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
