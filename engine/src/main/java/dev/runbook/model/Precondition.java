package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/** A check that must hold before anything changes. */
public record Precondition(Position pos, String name, Kind kind, String target, Expr expect, OnFail onFail) {

    public enum OnFail { HALT, WARN, SKIP }

    /** What is checked. */
    public sealed interface Kind permits Sql, EnvVars, Http, FileExists, Expression, Migrations, LibraryCheck {
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
}
