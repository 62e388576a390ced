package dev.runbook.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * How to open one JDBC connection: a URL that carries no password, the driver properties that carry the
 * credentials, and a redacted form fit to show a person.
 *
 * @param jdbcUrl    the driver URL; rejected if it contains anything {@link Redactor} would mask
 * @param properties driver properties (user, password, ...), in insertion order
 * @param display    human form such as {@code postgresql://app@db.example:5432/shop}, never with a password
 */
public record JdbcConnectionSpec(String jdbcUrl, Map<String, String> properties, String display) {

    public JdbcConnectionSpec {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(display, "display");
        Map<String, String> copy = new LinkedHashMap<>();
        properties.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "property name"),
                Objects.requireNonNull(v, () -> "value of property " + k)));
        properties = Collections.unmodifiableMap(copy);
        if (!Redactor.redactUrl(jdbcUrl).equals(jdbcUrl)) {
            throw new IllegalArgumentException("jdbcUrl must not carry a password; pass it as a property: "
                    + Redactor.redactUrl(jdbcUrl));
        }
        if (!Redactor.redactUrl(display).equals(display)) {
            throw new IllegalArgumentException("display must not carry a password: " + Redactor.redactUrl(display));
        }
    }

    /** A copy of the properties for {@code DriverManager.getConnection(url, properties)}. */
    public Properties toProperties() {
        Properties result = new Properties();
        result.putAll(properties);
        return result;
    }

    /** Masks every secret property, since records would otherwise print the password. */
    @Override
    public String toString() {
        String shown = properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + (Redactor.isSecretKey(e.getKey()) ? Redactor.MASK : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return "JdbcConnectionSpec[jdbcUrl=" + jdbcUrl + ", properties=" + shown + ", display=" + display + "]";
    }
}
