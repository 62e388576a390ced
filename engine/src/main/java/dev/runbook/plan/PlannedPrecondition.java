package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.Precondition;

/** A precondition as it will be evaluated at run time; a plan never claims it passed. */
public record PlannedPrecondition(int index, String name, Position pos, Precondition.Kind kind, String target,
                                  PlannedSql sql, String expect, Precondition.OnFail onFail, String preview) {}
