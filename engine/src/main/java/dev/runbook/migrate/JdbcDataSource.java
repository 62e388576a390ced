package dev.runbook.migrate;

import dev.runbook.db.ConnectionSource;
import dev.runbook.db.JdbcConnectionSpec;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link javax.sql.DataSource} over {@link DriverManager} for one target, the shape Flyway wants; credentials stay in
 * the properties, never in the URL. Immutable and thread-safe.
 */
public final class JdbcDataSource extends ConnectionSource {
    // DriverManager loads and initialises every driver on the class path on first use (mssql-jdbc costs
    // ~150 ms); naming the one the URL needs keeps a migrate step's start-up as cheap as Flyway's own.
    private static final Map<String, String> DRIVERS = Map.of(
            "jdbc:postgresql:", "org.postgresql.Driver",
            "jdbc:sqlserver:", "com.microsoft.sqlserver.jdbc.SQLServerDriver");

    private final String url;
    private final Properties properties;
    private final Driver driver;

    public JdbcDataSource(String url, Properties properties) {
        this.url = url;
        this.properties = new Properties();
        this.properties.putAll(properties);
        this.driver = driverFor(url);
    }

    private static Driver driverFor(String url) {
        for (Map.Entry<String, String> e : DRIVERS.entrySet()) {
            if (!url.startsWith(e.getKey())) continue;
            try {
                return (Driver) Class.forName(e.getValue(), true, JdbcDataSource.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError notThere) {
                return null;
            }
        }
        return null;
    }

    private Connection connect(Properties p) throws SQLException {
        if (driver == null) return DriverManager.getConnection(url, p);
        Connection c = driver.connect(url, p);
        if (c == null) throw new SQLException("the driver " + driver.getClass().getName() + " does not accept " + url);
        return c;
    }

    public static JdbcDataSource of(JdbcConnectionSpec spec) {
        return new JdbcDataSource(spec.jdbcUrl(), spec.toProperties());
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        return connect(p);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", user);
        p.setProperty("password", password);
        return connect(p);
    }

    @Override
    public String toString() {
        return "JdbcDataSource[" + url + "]";
    }
}
