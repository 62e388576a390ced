package dev.runbook.validate;

import java.util.Set;

/** Which variables an expression may read where it is written. */
enum ExpressionScope {
    /** when:, bind:, templates: the run's context only. */
    CONTEXT(Set.of()),
    /** expect: of a sql/assert check: also the query's result. */
    SQL_RESULT(Set.of("count", "rows", "result", "affected", "duration_ms")),
    /** expect: of a step: whatever its kind publishes. */
    STEP_RESULT(Set.of("count", "rows", "result", "affected", "status", "json", "body", "headers", "stdout",
            "stderr", "exit_code", "duration_ms", "applied", "pending")),
    /** expect: of an http call. */
    HTTP_RESULT(Set.of("status", "json", "body", "headers", "duration_ms"));

    static final Set<String> CONTEXT_ROOTS = Set.of("params", "env", "environment", "run", "steps", "targets");

    final Set<String> resultVars;

    ExpressionScope(Set<String> resultVars) {
        this.resultVars = resultVars;
    }
}
