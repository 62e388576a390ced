package dev.runbook.plan;

import dev.runbook.diag.Position;
import java.util.Map;

/** One resolved check of an assert step (a named library check becomes its SQL and expectation). */
public record PlannedCheck(Position pos, String name, String target, PlannedSql sql, String libraryCheck,
                           Map<String, String> params, String expect) {}
