package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.Expr;
import java.time.Duration;
import java.util.Map;

/**
 * SQL as it will be sent: file contents inlined (BOM and CRLF normalised). Never interpolated:
 * values reach it only as named bind parameters ({@code :name}). {@code expectAffected} is the rows it must affect
 * when known at plan time; {@code expectAffectedAtRun} the expression evaluated at run time when it reads the run.
 */
public record PlannedSql(Position pos, String text, String file, boolean transaction, Map<String, Expr> bind,
                         Long expectAffected, Duration statementTimeout, Expr expectAffectedAtRun) {

    public PlannedSql(Position pos, String text, String file, boolean transaction, Map<String, Expr> bind,
                      Long expectAffected, Duration statementTimeout) {
        this(pos, text, file, transaction, bind, expectAffected, statementTimeout, null);
    }

    /** The expectation as the plan shows it: the number, or the expression the run evaluates. */
    public String expectAffectedText() {
        return expectAffected != null ? String.valueOf(expectAffected)
                : expectAffectedAtRun != null ? expectAffectedAtRun.source() : null;
    }
}
