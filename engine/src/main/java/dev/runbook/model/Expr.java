package dev.runbook.model;

import dev.runbook.diag.Position;

/** A JEXL expression as written, with its position for diagnostics. */
public record Expr(String source, Position pos) {
    @Override
    public String toString() {
        return source;
    }
}
