package dev.runbook.model;

import dev.runbook.diag.Position;

/** Text that may hold {@code ${...}} expressions, interpolated at plan or run time. */
public record Template(String raw, Position pos) {
    public boolean isConstant() {
        return !raw.contains("${");
    }

    @Override
    public String toString() {
        return raw;
    }
}
