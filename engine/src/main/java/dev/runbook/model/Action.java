package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/** What a step does: exactly one kind. Rollback bodies use the sql, shell, http and manual kinds. */
public sealed interface Action permits Action.Sql, Action.Assert, Action.Migrate, Action.Http, Action.Shell,
        Action.Approval, Action.Include, Action.Wait, Action.Manual {
    Position pos();

    /** The DSL key of this kind. */
    String kind();

    <R, X extends Exception> R accept(Visitor<R, X> v) throws X;

    /** One method per kind: a stage that dispatches through it must handle every kind, or it does not compile. */
    interface Visitor<R, X extends Exception> {
        R sql(Sql a) throws X;
        R assertion(Assert a) throws X;
        R migrate(Migrate a) throws X;
        R http(Http a) throws X;
        R shell(Shell a) throws X;
        R approval(Approval a) throws X;
        R include(Include a) throws X;
        R waiting(Wait a) throws X;
        R manual(Manual a) throws X;
    }

    record Sql(Position pos, SqlSource sql) implements Action {
        public String kind() { return "sql"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.sql(this); }
    }

    record Assert(Position pos, List<Check> checks) implements Action {
        public String kind() { return "assert"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.assertion(this); }
    }

    record Migrate(Position pos, MigrateSpec spec) implements Action {
        public String kind() { return "migrate"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.migrate(this); }
    }

    record Http(Position pos, HttpRequest request) implements Action {
        public String kind() { return "http"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.http(this); }
    }

    record Shell(Position pos, ShellCommand command) implements Action {
        public String kind() { return "shell"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.shell(this); }
    }

    record Approval(Position pos, String prompt, List<String> approvers) implements Action {
        public String kind() { return "approval"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.approval(this); }
    }

    record Include(Position pos, String file, Map<String, String> params) implements Action {
        public String kind() { return "include"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.include(this); }
    }

    /**
     * Waits: a fixed {@code duration}, or until the check {@code until} holds, polled every {@code every}, failing after
     * {@code timeout}. No connection is held between polls.
     */
    record Wait(Position pos, java.time.Duration duration, Check until, java.time.Duration every,
                java.time.Duration timeout) implements Action {
        public String kind() { return "wait"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.waiting(this); }
    }

    /**
     * A rollback done by a person: instructions (a template over params, env, run and earlier steps) recorded in
     * the report, while the other compensations go on. Only a rollback body, never a step.
     */
    record Manual(Position pos, Template instructions) implements Action {
        public String kind() { return "manual"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.manual(this); }
    }
}
