package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/**
 * What a {@code for_each:} step repeats over: a literal list written in the runbook (strings, or mappings of
 * strings such as {@code {name: idx_a, table: t}}), or an expression known when planning that gives a list
 * ({@code params.indexes}). Each item becomes one journaled iteration of the step, with the item as {@code item}.
 */
public record ForEach(Position pos, List<Object> items, Expr expression) {
    public ForEach {
        items = items == null ? null : List.copyOf(items);
    }
}
