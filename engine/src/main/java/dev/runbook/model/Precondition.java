package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/** A check that must hold before anything changes. */
public record Precondition(Position pos, String name, Kind kind, String target, Expr expect, OnFail onFail) {

    public enum OnFail { HALT, WARN, SKIP }

    /** What is checked. */
    public sealed interface Kind permits Sql, EnvVars, Http, FileExists, Expression, Migrations, LibraryCheck, Guard {
        String word();
    }

    public record Sql(SqlSource sql) implements Kind {
        public String word() { return "sql"; }
    }

    public record EnvVars(List<String> names) implements Kind {
        public String word() { return "env"; }
    }

    public record Http(HttpRequest request) implements Kind {
        public String word() { return "http"; }
    }

    public record FileExists(Template path) implements Kind {
        public String word() { return "file"; }
    }

    public record Expression(Expr expr) implements Kind {
        public String word() { return "expr"; }
    }

    public record Migrations(List<String> locations, String version, String table, MigrateSpec.Naming naming)
            implements Kind {
        public String word() { return "migrations"; }
    }

    public record LibraryCheck(String check, Map<String, String> params) implements Kind {
        public String word() { return "check"; }
    }

    /**
     * The seeds' hard guard: the operator's declared environment (mapped through {@code values}) must
     * equal every marker read from the sources; any mismatch means "this looks like the wrong environment".
     */
    public record Guard(Template declared, Map<String, String> values, List<GuardSource> sources) implements Kind {
        public String word() { return "guard"; }
    }

    /** One marker: an environment variable, the first value of a query, or a field of an HTTP JSON answer. */
    public record GuardSource(dev.runbook.diag.Position pos, String name, String envVar, SqlSource sql, String target,
                              HttpRequest http, String field) {
        public String describe() {
            if (name != null) return name;
            if (envVar != null) return envVar;
            if (sql != null) return "database marker" + (target == null ? "" : " on " + target);
            return (http == null ? "http" : http.url().raw()) + (field == null ? "" : " ." + field);
        }
    }
}
