package dev.runbook.plan;

import dev.runbook.parse.PathGuard;
import dev.runbook.db.ConnectionSpecs;
import dev.runbook.db.Redactor;
import dev.runbook.diag.Diagnostics;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.model.Target;
import dev.runbook.model.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves each declared target: interpolates its settings, applies --target and --embedded, and
 * collects the secrets it touches (passwords, URL credentials, env vars feeding credential fields).
 */
final class TargetResolver {
    private static final Set<String> SECRET_FIELDS = Set.of("password", "password_file");
    private static final Set<String> ENCRYPT_VALUES = Set.of("true", "false", "strict", "mandatory", "optional");

    /** A template whose value starts with an environment variable: its root is the operator's choice. */
    private static final java.util.regex.Pattern OPERATOR_PATH =
            java.util.regex.Pattern.compile("\\$\\{\\s*env\\.[A-Za-z_][A-Za-z0-9_]*\\s*}.*", java.util.regex.Pattern.DOTALL);

    private final Expressions expressions;

    TargetResolver(Expressions expressions) {
        this.expressions = expressions;
    }

    /** @param baseDir the runbook's folder: a relative {@code password_file} is named from it, in plan and run alike */
    Map<String, PlannedTarget> resolve(Map<String, Target> targets, Path baseDir, Invocation inv, Map<String, Object> vars,
                                       List<String> secrets, Diagnostics d) {
        Map<String, PlannedTarget> out = new LinkedHashMap<>();
        for (String name : inv.targetOverrides().keySet()) {
            if (!targets.containsKey(name)) {
                d.error("RB404", dev.runbook.diag.Position.of("--target " + name), "unknown target '" + name + "'",
                        "declared: " + String.join(", ", targets.keySet()));
            }
        }
        for (Target t : targets.values()) {
            Map<String, String> settings = new LinkedHashMap<>();
            String override = inv.targetOverrides().get(t.name());
            boolean embedded = inv.embedded() && t.engine().equals("postgresql") && override == null;
            if (t instanceof Target.Database db) {
                if (embedded) {
                    settings.put("embedded", "true");
                    settings.put("database", "rb_" + t.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
                } else if (override != null) {
                    settings.put("url", override);
                    secrets.addAll(UrlCredentials.secretsIn(override));
                } else {
                    put(settings, "url", db.url(), vars, secrets, d, t);
                    put(settings, "host", db.host(), vars, secrets, d, t);
                    put(settings, "database", db.database(), vars, secrets, d, t);
                    put(settings, "user", db.user(), vars, secrets, d, t);
                    put(settings, "password", db.password(), vars, secrets, d, t);
                    put(settings, "password_file", db.passwordFile(), vars, secrets, d, t);
                    holdPasswordFile(settings, db, baseDir, d);
                    put(settings, "host_name_in_certificate", db.hostNameInCertificate(), vars, secrets, d, t);
                    put(settings, "port", db.port(), vars, secrets, d, t);
                    put(settings, "encrypt", db.encrypt(), vars, secrets, d, t);
                    put(settings, "trust_server_certificate", db.trustServerCertificate(), vars, secrets, d, t);
                    checkConnectionValues(settings, db, d);
                    settings.put("authentication", db.authentication());
                    if (settings.getOrDefault("url", "").isBlank() && settings.getOrDefault("host", "").isBlank()) {
                        d.error("RB405", db.pos(), "target '" + t.name() + "' has no connection: "
                                + (db.url() == null && db.host() == null ? "it declares no url or host"
                                : "its " + (db.url() != null ? "url" : "host") + " is empty"
                                        + missingEnv(db.url() != null ? db.url() : db.host())),
                                "set the environment variable, or pass --target " + t.name() + "=JDBC_URL"
                                        + (t.engine().equals("postgresql") ? ", or --embedded" : ""));
                    }
                }
                if (settings.containsKey("password")) secrets.add(settings.get("password"));
                String display = display(t.engine(), settings, t.name());
                if (!embedded && (settings.containsKey("url") || settings.containsKey("host"))) {
                    try {
                        display = ConnectionSpecs.forTarget(t.engine(), settings).display();
                    } catch (IllegalArgumentException e) {
                        d.error("RB405", db.pos(), "target '" + t.name() + "': " + e.getMessage(),
                                "postgresql takes postgresql://user@host:5432/db or jdbc:postgresql://...; "
                                        + "sqlserver takes jdbc:sqlserver://host:1433;databaseName=... or host/database");
                    }
                }
                out.put(t.name(), new PlannedTarget(t.name(), t.engine(), display,
                        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)), db.lock().name().toLowerCase(Locale.ROOT), db.journalTable(), db.readOnly(),
                        override != null || embedded, db.lazy(), db.journal()));
            } else if (t instanceof Target.Http h) {
                if (override != null) settings.put("url", override);
                else put(settings, "url", h.url(), vars, secrets, d, t);
                for (Map.Entry<String, Template> e : h.headers().entrySet()) {
                    String v = interpolate(e.getValue(), vars, d, t);
                    if (v != null) {
                        settings.put("header." + e.getKey(), v);
                        if (!e.getValue().isConstant()) secrets.add(v);
                    }
                }
                String display = settings.containsKey("url") ? Redactor.redactUrl(settings.get("url"))
                        : "(no url" + missingEnv(h.url()) + "; the http steps on it will fail)";
                out.put(t.name(), new PlannedTarget(t.name(), "http", display,
                        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)), "none", null, false, override != null));
            }
        }
        return out;
    }

    private void put(Map<String, String> settings, String key, Template tpl, Map<String, Object> vars,
                     List<String> secrets, Diagnostics d, Target t) {
        if (tpl == null) return;
        String v = interpolate(tpl, vars, d, t);
        // An unset ${env.X} leaves a setting out (the driver's default), as an empty option in a URL would.
        if (v == null || v.isBlank()) return;
        settings.put(key, v);
        // A templated password is a secret as a whole; a templated URL only in its credential parts (below),
        // so its host and database stay readable in plans and reports.
        if (SECRET_FIELDS.contains(key) && !tpl.isConstant()) secrets.add(v);
        if (key.equals("url")) secrets.addAll(UrlCredentials.secretsIn(v));
    }

    /**
     * Decided once, here, for plan, run and history alike: a password file the runbook names itself is one of its
     * paths, held to its folder (RB206), because its first line is sent to a server the runbook chose; one whose path
     * starts with the operator's environment ({@code ${env.DB_PASSWORD_FILE}}) was chosen by the operator and may be
     * anywhere. A relative path is named from the runbook's folder, wherever the command runs from.
     */
    private static void holdPasswordFile(Map<String, String> settings, Target.Database db, Path baseDir, Diagnostics d) {
        String file = settings.get("password_file");
        if (file == null) return;
        if (OPERATOR_PATH.matcher(db.passwordFile().raw()).matches()) {
            settings.put("password_file", baseDir.resolve(file).normalize().toString());
            return;
        }
        PathGuard.Resolved held = PathGuard.inside(baseDir, file, db.passwordFile().pos(),
                "target '" + db.name() + "' password_file");
        if (held.ok()) {
            settings.put("password_file", held.path().toString());
        } else {
            settings.remove("password_file");
            d.error(held.problem().code(), held.problem().position(), held.problem().message(), "take a path from outside the runbook's folder from the operator's "
                            + "environment: password_file: ${env.DB_PASSWORD_FILE}");
        }
    }

    /** Values that reach the driver as settings are checked here, after interpolation, so a bad one names its key. */
    private static void checkConnectionValues(Map<String, String> settings, Target.Database db, Diagnostics d) {
        String port = settings.get("port");
        if (port != null && !port.matches("[0-9]{1,5}") || port != null && Integer.parseInt(port) > 65535) {
            d.error("RB405", db.port().pos(), "target '" + db.name() + "': port '" + port + "' is not a TCP port",
                    "write a number from 1 to 65535");
        }
        String enc = settings.get("encrypt");
        if (enc != null && !ENCRYPT_VALUES.contains(enc.toLowerCase(Locale.ROOT))) {
            d.error("RB405", db.encrypt().pos(), "target '" + db.name() + "': encrypt '" + enc + "' is not one of "
                    + "true, false, strict, mandatory, optional", null);
        }
        String trust = settings.get("trust_server_certificate");
        if (trust != null && !trust.equalsIgnoreCase("true") && !trust.equalsIgnoreCase("false")) {
            d.error("RB405", db.trustServerCertificate().pos(), "target '" + db.name() + "': trust_server_certificate '"
                    + trust + "' is not true or false", null);
        }
    }

    private String interpolate(Template tpl, Map<String, Object> vars, Diagnostics d, Target t) {
        try {
            return expressions.interpolate(tpl.raw(), vars);
        } catch (ExpressionException e) {
            d.error("RB405", tpl.pos(), "target '" + t.name() + "': " + e.getMessage(), null);
            return null;
        }
    }

    private static String missingEnv(Template tpl) {
        if (tpl == null) return "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{\\s*env\\.([A-Za-z_][A-Za-z0-9_]*)").matcher(tpl.raw());
        return m.find() ? " (environment variable " + m.group(1) + " is not set)" : "";
    }

    static String display(String engine, Map<String, String> s, String name) {
        if ("true".equals(s.get("embedded"))) return "embedded postgresql (database " + s.get("database") + ")";
        if (s.containsKey("url") && !s.get("url").isBlank()) return Redactor.redactUrl(s.get("url"));
        StringBuilder sb = new StringBuilder(engine).append("://");
        if (s.containsKey("user")) sb.append(s.get("user")).append('@');
        sb.append(s.getOrDefault("host", "?"));
        if (s.containsKey("port")) sb.append(':').append(s.get("port"));
        if (s.containsKey("database")) sb.append('/').append(s.get("database"));
        return sb.toString();
    }
}
