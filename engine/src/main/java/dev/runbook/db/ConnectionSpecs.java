package dev.runbook.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a target's resolved settings (url, host, port, database, user, password, password_file, TLS
 * options) into a JDBC connection spec; the one way the planner and the executor read connection settings.
 */
public final class ConnectionSpecs {
    private ConnectionSpecs() {}

    /** @throws IllegalArgumentException with a redacted message when the settings cannot make a connection */
    public static JdbcConnectionSpec forTarget(String engine, Map<String, String> settings) {
        String url = blankToNull(settings.get("url"));
        String user = blankToNull(settings.get("user"));
        String password = password(settings);
        if (engine.equals("postgresql")) {
            if (url == null) {
                String host = settings.getOrDefault("host", "localhost");
                String port = settings.getOrDefault("port", "5432");
                url = "postgresql://" + host + ":" + port + "/" + settings.getOrDefault("database", "");
            }
            return PostgresUrls.fromAny(url, user, password);
        }
        if (engine.equals("sqlserver")) {
            if (url != null) return SqlServerUrls.fromJdbcUrl(url, user, password);
            return SqlServerUrls.build(settings.get("host"), port(settings.get("port")), settings.get("database"),
                    bool(settings.get("encrypt")), bool(settings.get("trust_server_certificate")),
                    settings.get("host_name_in_certificate"), settings.getOrDefault("authentication", "sql"), user, password);
        }
        throw new IllegalArgumentException("engine '" + engine + "' is not a database engine");
    }

    private static String password(Map<String, String> settings) {
        String password = blankToNull(settings.get("password"));
        String file = blankToNull(settings.get("password_file"));
        if (password != null || file == null) return password;
        try {
            String text = Files.readString(Path.of(file)).lines().findFirst().orElse("");
            return text.strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read password_file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static Integer port(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + s + "' is not a number");
        }
    }

    private static Boolean bool(String s) {
        return s == null || s.isBlank() ? null : Boolean.valueOf(s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("yes"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
