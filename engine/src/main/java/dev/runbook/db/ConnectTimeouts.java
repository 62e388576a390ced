package dev.runbook.db;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Says plainly when connecting failed because it took too long: the driver's words ("The connection attempt
 * failed.") do not tell a target that accepts TCP and never answers from one that refuses. One place, for step,
 * lock and journal sessions alike.
 */
public final class ConnectTimeouts {
    private ConnectTimeouts() {}

    /**
     * The same failure with the message "timed out after N s connecting to host:port" when a timeout caused it;
     * otherwise {@code e} itself.
     */
    public static SQLException explain(SQLException e, String jdbcUrl, Properties props, Dialect dialect) {
        if (!timedOut(e)) return e;
        String seconds = setting(jdbcUrl, dialect.connectTimeoutProperty());
        if (seconds == null) seconds = props.getProperty(dialect.connectTimeoutProperty(), "?");
        SQLException out = new SQLException("timed out after " + seconds + " s connecting to " + address(jdbcUrl)
                + " (the server accepted no connection or never answered)", "08001", e);
        return out;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.sql.SQLTimeoutException) return true;
        }
        return false;
    }

    /** host:port of a {@code jdbc:postgresql://host:port/db} or {@code jdbc:sqlserver://host:port;...} URL. */
    static String address(String jdbcUrl) {
        try {
            String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
            int end = rest.length();
            for (char c : new char[] {'/', ';', '?'}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) end = i;
            }
            String hostPort = rest.substring(0, end);
            int at = hostPort.lastIndexOf('@');
            return at >= 0 ? hostPort.substring(at + 1) : hostPort;
        } catch (RuntimeException e) {
            return "the target";
        }
    }

    /** A setting given in the URL itself ({@code ?name=v} or {@code ;name=v}), which the driver lets win. */
    private static String setting(String jdbcUrl, String name) {
        for (String part : jdbcUrl.split("[?&;]")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equalsIgnoreCase(name)) return part.substring(eq + 1);
        }
        return null;
    }
}
