package dev.runbook.exec;

import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.SqlPosition;

/** An attempt that did not succeed, classified for retry and described for the operator (already masked or mask-safe). */
public final class StepFailure extends Exception {
    private final FailureKind kind;
    private final String sqlState;
    private final SqlPosition position;
    private final transient ActionResult partial;

    public StepFailure(FailureKind kind, String message) {
        this(kind, message, null, null, null, null);
    }

    public StepFailure(FailureKind kind, String message, String sqlState, SqlPosition position, ActionResult partial,
                       Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.sqlState = sqlState;
        this.position = position;
        this.partial = partial;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The database's SQLSTATE, or null. */
    public String sqlState() {
        return sqlState;
    }

    /** What the action produced before failing (captures, evidence, output), or null. */
    public ActionResult partial() {
        return partial;
    }

    public StepFailure withPartial(ActionResult result) {
        return new StepFailure(kind, getMessage(), sqlState, position, result, getCause());
    }

    public ErrorInfo info() {
        return new ErrorInfo(getMessage(), sqlState, position);
    }
}
