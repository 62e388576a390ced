package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.Expr;
import dev.runbook.model.MigrateSpec;
import dev.runbook.model.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a precondition checks, resolved by the planner: SQL read and inlined (guard SQL too), targets chosen,
 * folders resolved. Run and {@code plan --connect} judge these, never the model, so both judge the same thing.
 * Every stage dispatches through {@link Visitor}: a new kind that some stage does not handle does not compile.
 */
public sealed interface PlannedCondition permits PlannedCondition.Sql, PlannedCondition.Library,
        PlannedCondition.EnvVars, PlannedCondition.Http, PlannedCondition.FileExists, PlannedCondition.Expression,
        PlannedCondition.Migrations, PlannedCondition.Guard {

    /** The DSL key of this kind. */
    String word();

    <R, X extends Exception> R accept(Visitor<R, X> v) throws X;

    /** One method per kind; {@code X} is what the stage may throw. */
    interface Visitor<R, X extends Exception> {
        R sql(Sql c) throws X;
        R library(Library c) throws X;
        R envVars(EnvVars c) throws X;
        R http(Http c) throws X;
        R fileExists(FileExists c) throws X;
        R expression(Expression c) throws X;
        R migrations(Migrations c) throws X;
        R guard(Guard c) throws X;
    }

    /** The SQL this condition runs itself (sql and library checks), else null. */
    default PlannedSql sqlOrNull() {
        return this instanceof Sql s ? s.sql() : this instanceof Library l ? l.sql() : null;
    }

    record Sql(PlannedSql sql) implements PlannedCondition {
        public String word() { return "sql"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.sql(this); }
    }

    /** A named check of the validation library, with its own params laid over the runbook's. */
    record Library(String check, PlannedSql sql, Map<String, String> params) implements PlannedCondition {
        public String word() { return "check"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.library(this); }
    }

    record EnvVars(List<String> names) implements PlannedCondition {
        public String word() { return "env"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.envVars(this); }
    }

    record Http(PlannedAction.Http call) implements PlannedCondition {
        public String word() { return "http"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.http(this); }
    }

    /** {@code path} is interpolated at run time and named from the runbook's folder. */
    record FileExists(Template path) implements PlannedCondition {
        public String word() { return "file"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.fileExists(this); }
    }

    record Expression(Expr expr) implements PlannedCondition {
        public String word() { return "expr"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.expression(this); }
    }

    /** No pending or failed migrations in these (absolute, checked) folders, whose SQL files the plan read. */
    record Migrations(List<Path> locations, String version, String table, MigrateSpec.Naming naming,
                      List<MigrationScript> scripts) implements PlannedCondition {
        public String word() { return "migrations"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.migrations(this); }
    }

    /** The declared environment (mapped through {@code values}) must equal every marker. */
    record Guard(Template declared, Map<String, String> values, List<GuardSource> sources) implements PlannedCondition {
        public String word() { return "guard"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.guard(this); }
    }

    /**
     * One marker, resolved: an environment variable, a query's first value (its SQL inlined, its target chosen),
     * or a field of an HTTP JSON answer. Exactly one of {@code envVar}, {@code sql}, {@code http} is set.
     */
    record GuardSource(Position pos, String describe, String envVar, PlannedSql sql, String target,
                       PlannedAction.Http http, String field) {}
}
