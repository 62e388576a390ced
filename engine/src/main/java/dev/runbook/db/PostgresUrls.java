package dev.runbook.db;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the PostgreSQL URLs people write (pgjdbc's {@code jdbc:postgresql://} and libpq's
 * {@code postgresql://} or {@code postgres://}) into a {@link JdbcConnectionSpec} whose URL holds no credentials.
 */
public final class PostgresUrls {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final List<String> LIBPQ_PREFIXES = List.of("postgresql://", "postgres://");
    private static final int DEFAULT_PORT = 5432;

    // libpq parameter names that pgjdbc spells differently; the rest are passed on as written.
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "target_session_attrs", "targetServerType");

    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any", "read-write", "primary", "primary", "primary",
            "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");

    private PostgresUrls() {
    }

    /**
     * Reads {@code url}, moves its user, password and any other secret parameter into properties, and keeps
     * every other parameter in the JDBC URL. A non-blank {@code user} or {@code password} given here wins
     * over the one in the URL. User info and libpq query values are percent-decoded; pgjdbc query values
     * are decoded as pgjdbc does, where '+' is a space.
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL URL; the message is redacted
     */
    public static JdbcConnectionSpec fromAny(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL must not be blank");
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        Parsed parsed;
        if (lower.startsWith(JDBC_PREFIX)) {
            parsed = parse(trimmed.substring(JDBC_PREFIX.length()), false);
        } else {
            String prefix = LIBPQ_PREFIXES.stream().filter(lower::startsWith).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a PostgreSQL URL (expected jdbc:postgresql:, "
                            + "postgresql:// or postgres://): " + Redactor.redactUrl(trimmed)));
            parsed = parse(trimmed.substring(prefix.length() - 2), true);
            translateLibpqParameters(parsed);
        }
        if (user != null && !user.isBlank()) {
            parsed.user = user;
        }
        if (password != null && !password.isEmpty()) {
            parsed.password = password;
        }
        return parsed.toSpec();
    }

    /** Reads {@code //userinfo@hosts/db?query} or pgjdbc's host-less {@code db?query}. */
    private static Parsed parse(String rest, boolean libpq) {
        Parsed p = new Parsed(libpq);
        int queryAt = rest.indexOf('?');
        String beforeQuery = queryAt < 0 ? rest : rest.substring(0, queryAt);
        if (queryAt >= 0) {
            readQuery(rest.substring(queryAt + 1), p);
        }
        String path = beforeQuery;
        if (beforeQuery.startsWith("//")) {
            int slash = beforeQuery.indexOf('/', 2);
            String authority = slash < 0 ? beforeQuery.substring(2) : beforeQuery.substring(2, slash);
            path = slash < 0 ? "" : beforeQuery.substring(slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                p.user = UrlCodec.percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
                if (colon >= 0) {
                    p.password = UrlCodec.percentDecode(userInfo.substring(colon + 1), "password");
                }
                authority = authority.substring(at + 1);
            }
            p.hosts = authority;
        }
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (!database.isEmpty()) {
            p.database = libpq ? UrlCodec.percentDecode(database, "database name") : formDecode(database);
        }
        return p;
    }

    private static void readQuery(String query, Parsed p) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), p.libpq, "parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), p.libpq, "value of a parameter");
            if (key.equalsIgnoreCase("user")) {
                p.user = value;
            } else if (key.equalsIgnoreCase("password")) {
                p.password = value;
            } else if (Redactor.isSecretKey(key)) {
                p.secrets.put(key, value);
            } else {
                p.parameters.put(key, value);
            }
        }
    }

    private static void translateLibpqParameters(Parsed p) {
        Map<String, String> translated = new LinkedHashMap<>();
        p.parameters.forEach((key, value) -> {
            switch (key) {
                case "dbname" -> p.database = p.database == null ? value : p.database;
                case "host" -> p.hosts = p.hosts.isEmpty() ? value : p.hosts;
                case "port" -> p.ports = List.of(value.split(","));
                case "target_session_attrs" -> translated.put(LIBPQ_TO_PGJDBC.get(key),
                        TARGET_SESSION_ATTRS.getOrDefault(value, value));
                default -> translated.put(LIBPQ_TO_PGJDBC.getOrDefault(key, key), value);
            }
        });
        if (p.hosts.startsWith("/") || p.hosts.startsWith("%2F") || p.hosts.startsWith("%2f")) {
            throw new IllegalArgumentException("Unix-domain socket hosts are not supported by the JDBC driver; "
                    + "give a host name");
        }
        p.parameters.clear();
        p.parameters.putAll(translated);
    }

    private static String decode(String value, boolean libpq, String what) {
        return libpq ? UrlCodec.percentDecode(value, what) : formDecode(value);
    }

    private static String formDecode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in the PostgreSQL URL");
        }
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What the URL said, gathered before the spec is built. */
    private static final class Parsed {
        final boolean libpq;
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, String> secrets = new LinkedHashMap<>();
        String hosts = "";
        List<String> ports = List.of();
        String database;
        String user;
        String password;

        Parsed(boolean libpq) {
            this.libpq = libpq;
        }

        JdbcConnectionSpec toSpec() {
            List<String> hostList = new ArrayList<>();
            List<String> shownHosts = new ArrayList<>();
            String[] given = (hosts.isEmpty() ? "localhost" : hosts).split(",");
            for (int i = 0; i < given.length; i++) {
                // libpq's port parameter is one port for all hosts, or one per host.
                String port = ports.size() == given.length ? ports.get(i) : ports.size() == 1 ? ports.get(0) : null;
                String withPort = hasPort(given[i]) || port == null ? given[i] : given[i] + ":" + port;
                hostList.add(withPort);
                shownHosts.add(hasPort(withPort) ? withPort : withPort + ":" + DEFAULT_PORT);
            }
            String db = database == null ? "" : database;
            StringBuilder url = new StringBuilder("jdbc:postgresql://").append(String.join(",", hostList))
                    .append('/').append(formEncode(db));
            String separator = "?";
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                url.append(separator).append(formEncode(e.getKey())).append('=').append(formEncode(e.getValue()));
                separator = "&";
            }
            Map<String, String> properties = new LinkedHashMap<>();
            if (user != null) {
                properties.put("user", user);
            }
            if (password != null) {
                properties.put("password", password);
            }
            properties.putAll(secrets);
            // Encoded so that no user or database name can look like a password to a reader or to Redactor.
            String display = "postgresql://" + (user == null ? "" : UrlCodec.percentEncode(user) + "@")
                    + String.join(",", shownHosts) + "/" + UrlCodec.percentEncode(db);
            return new JdbcConnectionSpec(url.toString(), properties, display);
        }

        /** host:port, or [v6]:port; a bare [v6] address has colons but no port. */
        private static boolean hasPort(String host) {
            int close = host.lastIndexOf(']');
            return host.indexOf(':', close + 1) >= 0;
        }
    }
}
