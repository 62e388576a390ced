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

    /** Sorted by position, duplicates (same code and place) removed. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(items.stream().distinct().toList());
        Collections.sort(copy);
        return List.copyOf(copy);
    }
}
