package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.Precondition;

/**
 * A precondition as it will be evaluated at run time (and observed by {@code plan --connect}); a plan never
 * claims it passed. {@code kind} holds everything resolved; {@code target} is the database it reads, if any.
 */
public record PlannedPrecondition(int index, String name, Position pos, PlannedCondition kind, String target,
                                  String expect, Precondition.OnFail onFail, String preview) {

    /** The SQL it runs itself (sql and library checks), else null. */
    public PlannedSql sql() {
        return kind.sqlOrNull();
    }
}
