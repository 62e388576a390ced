package dev.runbook.exec;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a planned database target's settings (a libpq or JDBC URL, or host/port/database, plus user and
 * password) into a {@link ConnectionSpec}. Interim: the dialect layer's PostgresUrls/SqlServerUrls replace it.
 */
final class JdbcTargets {
    private static final Pattern LIBPQ = Pattern.compile("^postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(?:/([^?]*))?(?:\\?(.*))?$");
    private static final Pattern JDBC_PG = Pattern.compile("^jdbc:postgresql://([^/?]*)(?:/([^?]*))?(?:\\?(.*))?$");

    private JdbcTargets() {}

    static ConnectionSpec spec(String engine, Map<String, String> s, Path baseDir) throws IOException {
        Properties props = new Properties();
        String user = s.get("user");
        String password = s.get("password");
        if (password == null && s.get("password_file") != null) {
            Path file = baseDir == null ? Path.of(s.get("password_file")) : baseDir.resolve(s.get("password_file"));
            password = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        }
        String url = s.getOrDefault("url", "").strip();
        String jdbc;
        String hostPort = null;
        String database = s.get("database");
        if (url.startsWith("jdbc:")) {
            jdbc = url;
            Matcher m = JDBC_PG.matcher(url);
            if (m.matches()) {
                hostPort = m.group(1);
                if (m.group(2) != null && !m.group(2).isEmpty()) database = m.group(2);
                if (m.group(3) != null) {
                    for (String kv : m.group(3).split("&")) {
                        String[] p = kv.split("=", 2);
                        if (p.length == 2 && p[0].equals("user") && user == null) user = decode(p[1]);
                        if (p.length == 2 && p[0].equals("password") && password == null) password = decode(p[1]);
                    }
                }
            }
        } else if (LIBPQ.matcher(url).matches()) {
            Matcher m = LIBPQ.matcher(url);
            m.matches();
            if (m.group(1) != null && !m.group(1).isEmpty() && user == null) user = decode(m.group(1));
            if (m.group(2) != null && password == null) password = decode(m.group(2));
            hostPort = m.group(3).isEmpty() ? "localhost" : m.group(3);
            if (m.group(4) != null && !m.group(4).isEmpty()) database = decode(m.group(4));
            jdbc = "jdbc:postgresql://" + hostPort + "/" + (database == null ? "" : database)
                    + (m.group(5) == null ? "" : "?" + m.group(5));
        } else if (!url.isEmpty()) {
            throw new IOException("the url is neither a postgresql:// nor a jdbc: URL");
        } else if ("sqlserver".equals(engine)) {
            hostPort = s.getOrDefault("host", "localhost") + (s.containsKey("port") ? ":" + s.get("port") : "");
            StringBuilder b = new StringBuilder("jdbc:sqlserver://").append(hostPort);
            if (database != null) b.append(";databaseName=").append(database);
            if (s.containsKey("encrypt")) b.append(";encrypt=").append(s.get("encrypt"));
            if (s.containsKey("trust_server_certificate")) b.append(";trustServerCertificate=").append(s.get("trust_server_certificate"));
            if (s.containsKey("host_name_in_certificate")) b.append(";hostNameInCertificate=").append(s.get("host_name_in_certificate"));
            jdbc = b.toString();
        } else {
            hostPort = s.getOrDefault("host", "localhost") + (s.containsKey("port") ? ":" + s.get("port") : "");
            jdbc = "jdbc:postgresql://" + hostPort + "/" + (database == null ? "" : database);
        }
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        String display = engine + "://" + (user == null ? "" : user + "@") + (hostPort == null ? "?" : hostPort)
                + (database == null ? "" : "/" + database);
        String client = !"postgresql".equals(engine) || hostPort == null ? null
                : "postgresql://" + (user == null ? "" : encode(user) + (password == null ? "" : ":" + encode(password)) + "@")
                + hostPort + "/" + (database == null ? "" : database);
        return new ConnectionSpec(jdbc, props, display, client);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
