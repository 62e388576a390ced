package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;
import java.util.Map;

/** SQL given inline or as a file relative to the runbook, with execution options. */
public record SqlSource(Position pos, String text, String file, Boolean transaction, Map<String, Expr> bind,
                        Long expectAffected, Duration statementTimeout) {
    public boolean isFile() {
        return file != null;
    }
}
