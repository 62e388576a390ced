package dev.runbook.exec;

import dev.runbook.db.ConnectionSpecs;
import dev.runbook.db.JdbcConnectionSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a planned database target's settings into a {@link ConnectionSpec} through the dialect layer's
 * {@link ConnectionSpecs}, and derives the libpq URL client tools such as psql and pg_dump accept.
 */
final class JdbcTargets {
    private static final Pattern PG_JDBC = Pattern.compile("^jdbc:postgresql://([^/?]*)/([^?]*)");

    private JdbcTargets() {}

    /** The planner already resolved a relative {@code password_file} against the runbook's folder. */
    static ConnectionSpec spec(String engine, Map<String, String> settings) {
        JdbcConnectionSpec spec = ConnectionSpecs.forTarget(engine, settings);
        return new ConnectionSpec(spec.jdbcUrl(), spec.toProperties(), spec.display(),
                "postgresql".equals(engine) ? clientUrl(spec) : null);
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

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
