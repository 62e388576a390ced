package dev.runbook.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds and cleans mssql-jdbc URLs so that credentials travel only as driver properties. */
public final class SqlServerUrls {

    private static final String PREFIX = "jdbc:sqlserver://";
    private static final int DEFAULT_PORT = 1433;
    private static final Set<String> USER_KEYS = Set.of("user", "username");

    private SqlServerUrls() {
    }

    /**
     * A URL such as {@code jdbc:sqlserver://db:1433;databaseName=shop;encrypt=true}. Null arguments are
     * left out so the driver default applies. Without a port, 1433 is used, except for a named instance
     * ({@code host\SQLEXPRESS}), which the driver then resolves through the browser service.
     *
     * @param authentication {@code sql} (user and password, the default when null) or {@code integrated}
     *                       (Windows or Kerberos login; user and password, if given, still go to properties)
     * @throws IllegalArgumentException for a bad host or port, an unknown authentication, or sql
     *                                  authentication without a user
     */
    public static JdbcConnectionSpec build(String host, Integer port, String database, Boolean encrypt,
                                           Boolean trustServerCertificate, String hostNameInCertificate,
                                           String authentication, String user, String password) {
        if (host == null || host.isBlank() || host.strip().chars().anyMatch(c -> ";={}".indexOf(c) >= 0
                || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("SQL Server host must be a name or address, optionally with "
                    + "\\instance: '" + host + "'");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("SQL Server port must be between 1 and 65535: " + port);
        }
        String auth = authentication == null ? "sql" : authentication.strip().toLowerCase(Locale.ROOT);
        if (!auth.equals("sql") && !auth.equals("integrated")) {
            throw new IllegalArgumentException("unknown SQL Server authentication '" + authentication
                    + "'; supported: sql, integrated");
        }
        if (auth.equals("sql") && (user == null || user.isBlank())) {
            throw new IllegalArgumentException("SQL Server authentication 'sql' needs a user");
        }
        String server = host.strip();
        Integer effectivePort = port != null ? port : server.contains("\\") ? null : Integer.valueOf(DEFAULT_PORT);
        StringBuilder url = new StringBuilder(PREFIX).append(server);
        if (effectivePort != null) {
            url.append(':').append(effectivePort);
        }
        appendProperty(url, "databaseName", database);
        appendProperty(url, "encrypt", encrypt == null ? null : encrypt.toString());
        appendProperty(url, "trustServerCertificate", trustServerCertificate == null ? null : trustServerCertificate.toString());
        appendProperty(url, "hostNameInCertificate", hostNameInCertificate);
        if (auth.equals("integrated")) {
            appendProperty(url, "integratedSecurity", "true");
        }
        return new JdbcConnectionSpec(url.toString(), credentials(user, password),
                display(user, server, effectivePort, database));
    }

    /** {@link #fromJdbcUrl(String, String, String)} with the credentials the URL itself carries. */
    public static JdbcConnectionSpec fromJdbcUrl(String url) {
        return fromJdbcUrl(url, null, null);
    }

    /**
     * Moves {@code user}/{@code userName}, {@code password} and any other secret property out of a
     * {@code jdbc:sqlserver://} URL into properties; every other property stays as written. A non-blank
     * {@code user} or {@code password} given here wins over the URL's.
     *
     * @throws IllegalArgumentException when the URL is not an mssql-jdbc URL; the message is redacted
     */
    public static JdbcConnectionSpec fromJdbcUrl(String url, String user, String password) {
        String trimmed = url == null ? "" : url.strip();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("not a SQL Server JDBC URL (expected " + PREFIX + "): "
                    + Redactor.redactUrl(trimmed));
        }
        List<String> segments = splitProperties(trimmed.substring(PREFIX.length()));
        String server = segments.get(0);
        StringBuilder kept = new StringBuilder(PREFIX).append(server);
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> plain = new LinkedHashMap<>();
        for (String segment : segments.subList(1, segments.size())) {
            int eq = segment.indexOf('=');
            String key = (eq < 0 ? segment : segment.substring(0, eq)).strip();
            String value = eq < 0 ? "" : unbrace(segment.substring(eq + 1).strip());
            if (USER_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                properties.put("user", value);
            } else if (key.equalsIgnoreCase("password")) {
                properties.put("password", value);
            } else if (Redactor.isSecretKey(key)) {
                secrets.put(key, value);
            } else if (!segment.isBlank()) {
                kept.append(';').append(segment);
                plain.put(key.toLowerCase(Locale.ROOT), value);
            }
        }
        if (user != null && !user.isBlank()) {
            properties.put("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.put("password", password);
        }
        properties.putAll(secrets);
        return new JdbcConnectionSpec(kept.toString(), properties, displayOf(server, plain, properties.get("user")));
    }

    /** A value as mssql-jdbc reads it: braced when it holds ; { } = or edge spaces, with } doubled inside. */
    static String escapeValue(String value) {
        boolean needsBraces = value.isEmpty() || !value.strip().equals(value)
                || value.chars().anyMatch(c -> ";{}=".indexOf(c) >= 0);
        return needsBraces ? "{" + value.replace("}", "}}") + "}" : value;
    }

    private static void appendProperty(StringBuilder url, String key, String value) {
        if (value != null) {
            url.append(';').append(key).append('=').append(escapeValue(value));
        }
    }

    private static Map<String, String> credentials(String user, String password) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (user != null && !user.isBlank()) {
            properties.put("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.put("password", password);
        }
        return properties;
    }

    private static String displayOf(String server, Map<String, String> props, String user) {
        String host = server;
        Integer port = null;
        int colon = server.lastIndexOf(':');
        if (colon >= 0 && server.substring(colon + 1).chars().allMatch(Character::isDigit) && colon + 1 < server.length()) {
            host = server.substring(0, colon);
            port = Integer.valueOf(server.substring(colon + 1));
        }
        if (host.isEmpty()) {
            host = props.getOrDefault("servername", "localhost");
        }
        if (props.containsKey("instancename") && !host.contains("\\")) {
            host = host + "\\" + props.get("instancename");
        }
        if (port == null && props.containsKey("portnumber")) {
            port = Integer.valueOf(props.get("portnumber"));
        }
        if (port == null && !host.contains("\\")) {
            port = DEFAULT_PORT;
        }
        return display(user, host, port, props.getOrDefault("databasename", props.get("database")));
    }

    private static String display(String user, String host, Integer port, String database) {
        return "sqlserver://" + (user == null || user.isBlank() ? "" : UrlCodec.percentEncode(user) + "@") + host
                + (port == null ? "" : ":" + port) + "/" + (database == null ? "" : UrlCodec.percentEncode(database));
    }

    /** The server part, then each {@code key=value} segment; a {braced} value may hold ';'. */
    private static List<String> splitProperties(String rest) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        boolean braced = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (braced) {
                if (c == '}' && i + 1 < rest.length() && rest.charAt(i + 1) == '}') {
                    i++;
                } else if (c == '}') {
                    braced = false;
                }
            } else if (c == '{') {
                braced = true;
            } else if (c == ';') {
                segments.add(rest.substring(start, i));
                start = i + 1;
            }
        }
        if (braced) {
            throw new IllegalArgumentException("unterminated {braced} value in the SQL Server JDBC URL");
        }
        segments.add(rest.substring(start));
        return segments;
    }

    private static String unbrace(String value) {
        if (value.length() >= 2 && value.startsWith("{") && value.endsWith("}")) {
            return value.substring(1, value.length() - 1).replace("}}", "}");
        }
        return value;
    }
}
