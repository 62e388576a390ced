package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;
import java.util.Map;

/**
 * SQL given inline or as a file relative to the runbook, with execution options. {@code expectAffected} is the
 * rows the statements must affect: a literal, or an expression ({@code params.batch}, {@code steps.count.result}).
 */
public record SqlSource(Position pos, String text, String file, Boolean transaction, Map<String, Expr> bind,
                        Expr expectAffected, Duration statementTimeout) {
    public boolean isFile() {
        return file != null;
    }
}
