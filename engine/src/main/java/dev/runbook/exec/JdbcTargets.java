package dev.runbook.exec;

import dev.runbook.db.JdbcConnectionSpec;
import dev.runbook.db.PostgresUrls;
import dev.runbook.db.SqlServerUrls;
import java.io.IOException;
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
 * password or password_file) into a {@link ConnectionSpec} through the dialect layer's URL readers, and
 * derives the libpq URL client tools such as psql and pg_dump accept.
 */
final class JdbcTargets {
    private static final Pattern PG_JDBC = Pattern.compile("^jdbc:postgresql://([^/?]*)/([^?]*)");

    private JdbcTargets() {}

    static ConnectionSpec spec(String engine, Map<String, String> s, Path baseDir) throws IOException {
        String user = s.get("user");
        String password = s.get("password");
        if (password == null && s.get("password_file") != null) {
            Path file = baseDir == null ? Path.of(s.get("password_file")) : baseDir.resolve(s.get("password_file"));
            password = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        }
        String url = s.getOrDefault("url", "").strip();
        JdbcConnectionSpec spec;
        if ("sqlserver".equals(engine)) {
            spec = url.isEmpty()
                    ? SqlServerUrls.build(s.get("host"), s.get("port") == null ? null : Integer.valueOf(s.get("port")),
                            s.get("database"), bool(s.get("encrypt")), bool(s.get("trust_server_certificate")),
                            s.get("host_name_in_certificate"), s.get("authentication"), user, password)
                    : SqlServerUrls.fromJdbcUrl(url, user, password);
        } else {
            if (url.isEmpty()) {
                url = "postgresql://" + s.getOrDefault("host", "localhost") + (s.containsKey("port") ? ":" + s.get("port") : "")
                        + "/" + s.getOrDefault("database", "");
            }
            spec = PostgresUrls.fromAny(url, user, password);
        }
        Properties props = spec.toProperties();
        return new ConnectionSpec(spec.jdbcUrl(), props, spec.display(), "postgresql".equals(engine) ? clientUrl(spec) : null);
    }

    /** postgresql://user:password@host:port/db for libpq tools; the masker hides the password wherever it is shown. */
    static String clientUrl(JdbcConnectionSpec spec) {
        Matcher m = PG_JDBC.matcher(spec.jdbcUrl());
        if (!m.find()) return null;
        String user = spec.properties().get("user");
        String password = spec.properties().get("password");
        String auth = user == null ? "" : encode(user) + (password == null ? "" : ":" + encode(password)) + "@";
        return "postgresql://" + auth + m.group(1) + "/" + m.group(2);
    }

    private static Boolean bool(String v) {
        return v == null ? null : Boolean.valueOf(v);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
