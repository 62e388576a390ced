package dev.runbook.diag;

import java.util.List;

/** Thrown when input cannot go to the next phase; carries every diagnostic found. The CLI maps it to exit 2. */
public final class InvalidInputException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public InvalidInputException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid input" : diagnostics.get(0).render());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public static InvalidInputException of(Diagnostic d) {
        return new InvalidInputException(List.of(d));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
