package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/**
 * What a {@code for_each:} step repeats over: a literal list written in the runbook (strings, or mappings of
 * strings such as {@code {name: idx_a, table: t}}), an expression known when planning that gives a list
 * ({@code params.indexes}), or the rows of a read-only {@code query} on a database target, read when the run
 * starts. Each item becomes one journaled iteration of the step, with the item as {@code item}.
 */
public record ForEach(Position pos, List<Object> items, Expr expression, Query query) {
    public ForEach {
        items = items == null ? null : List.copyOf(items);
    }

    public ForEach(Position pos, List<Object> items, Expr expression) {
        this(pos, items, expression, null);
    }

    /** A query whose rows are the items (columns as {@code item.<column>}); {@code target} null: the step's. */
    public record Query(Position pos, String sql, String target) {}
}
