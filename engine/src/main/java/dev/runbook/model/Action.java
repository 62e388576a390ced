package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/** What a step does: exactly one kind. Rollback bodies use the sql, shell and http kinds. */
public sealed interface Action permits Action.Sql, Action.Assert, Action.Migrate, Action.Http, Action.Shell,
        Action.Approval, Action.Include {
    Position pos();

    /** The DSL key of this kind. */
    String kind();

    record Sql(Position pos, SqlSource sql) implements Action {
        public String kind() { return "sql"; }
    }

    record Assert(Position pos, List<Check> checks) implements Action {
        public String kind() { return "assert"; }
    }

    record Migrate(Position pos, MigrateSpec spec) implements Action {
        public String kind() { return "migrate"; }
    }

    record Http(Position pos, HttpRequest request) implements Action {
        public String kind() { return "http"; }
    }

    record Shell(Position pos, ShellCommand command) implements Action {
        public String kind() { return "shell"; }
    }

    record Approval(Position pos, String prompt, List<String> approvers) implements Action {
        public String kind() { return "approval"; }
    }

    record Include(Position pos, String file, Map<String, String> params) implements Action {
        public String kind() { return "include"; }
    }
}
