package dev.runbook.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects findings across a phase so one pass reports every problem, not just the first. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    public void error(String code, Position at, String message, String hint) {
        items.add(Diagnostic.error(code, at, message, hint));
    }

    public void warning(String code, Position at, String message, String hint) {
        items.add(Diagnostic.warning(code, at, message, hint));
    }

    public void addAll(List<Diagnostic> more) {
        items.addAll(more);
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * Sorted by position, duplicates removed. Where the schema already reported an error at a place,
     * later phases' errors at the same place are dropped: they restate the same mistake.
     */
    public List<Diagnostic> sorted() {
        java.util.Set<Position> schemaErrors = new java.util.HashSet<>();
        for (Diagnostic d : items) if (d.isError() && d.code().startsWith("RB10")) schemaErrors.add(d.position());
        List<Diagnostic> copy = new ArrayList<>(items.stream().distinct()
                .filter(d -> !d.isError() || d.code().startsWith("RB10") || !schemaErrors.contains(d.position()))
                .toList());
        Collections.sort(copy);
        return List.copyOf(copy);
    }
}
