package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/** A check that must hold before anything changes. */
public record Precondition(Position pos, String name, Kind kind, String target, Expr expect, OnFail onFail) {

    public enum OnFail { HALT, WARN, SKIP }

    /** What is checked. Stages dispatch through {@link Visitor}, so a new kind must be handled by each. */
    public sealed interface Kind permits Sql, EnvVars, Http, FileExists, Expression, Migrations, LibraryCheck, Guard {
        String word();

        <R, X extends Exception> R accept(Visitor<R, X> v) throws X;
    }

    /** One method per kind; {@code X} is what the stage may throw. */
    public interface Visitor<R, X extends Exception> {
        R sql(Sql k) throws X;
        R envVars(EnvVars k) throws X;
        R http(Http k) throws X;
        R fileExists(FileExists k) throws X;
        R expression(Expression k) throws X;
        R migrations(Migrations k) throws X;
        R libraryCheck(LibraryCheck k) throws X;
        R guard(Guard k) throws X;
    }

    public record Sql(SqlSource sql) implements Kind {
        public String word() { return "sql"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.sql(this); }
    }

    public record EnvVars(List<String> names) implements Kind {
        public String word() { return "env"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.envVars(this); }
    }

    public record Http(HttpRequest request) implements Kind {
        public String word() { return "http"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.http(this); }
    }

    public record FileExists(Template path) implements Kind {
        public String word() { return "file"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.fileExists(this); }
    }

    public record Expression(Expr expr) implements Kind {
        public String word() { return "expr"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.expression(this); }
    }

    public record Migrations(List<String> locations, String version, String table, MigrateSpec.Naming naming)
            implements Kind {
        public String word() { return "migrations"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.migrations(this); }
    }

    public record LibraryCheck(String check, Map<String, String> params) implements Kind {
        public String word() { return "check"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.libraryCheck(this); }
    }

    /**
     * The seeds' hard guard: the operator's declared environment (mapped through {@code values}) must
     * equal every marker read from the sources; any mismatch means "this looks like the wrong environment".
     */
    public record Guard(Template declared, Map<String, String> values, List<GuardSource> sources) implements Kind {
        public String word() { return "guard"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.guard(this); }
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
