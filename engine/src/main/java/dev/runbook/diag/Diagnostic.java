package dev.runbook.diag;

import dev.runbook.reports.text.Printable;

/**
 * One finding about the input: where, how bad, a stable code, what is wrong and how to fix it.
 * Rendered like a compiler's: {@code runbooks/x.yaml:14:7: error: unknown key 'sqll' ... [RB102]}.
 */
public record Diagnostic(Severity severity, String code, Position position, String message, String hint)
        implements Comparable<Diagnostic> {

    public static Diagnostic error(String code, Position at, String message, String hint) {
        return new Diagnostic(Severity.ERROR, code, at, message, hint);
    }

    public static Diagnostic warning(String code, Position at, String message, String hint) {
        return new Diagnostic(Severity.WARNING, code, at, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public Diagnostic asError() {
        return new Diagnostic(Severity.ERROR, code, position, message, hint);
    }

    /** Compiler-style single line, plus an indented hint line when there is one. */
    public String render() {
        String head = Printable.of(position + ": " + severity.label() + ": " + message + " [" + code + "]");
        return hint == null || hint.isBlank() ? head : head + "\n    hint: " + Printable.of(hint);
    }

    @Override
    public int compareTo(Diagnostic o) {
        int c = position.compareTo(o.position);
        return c != 0 ? c : code.compareTo(o.code);
    }
}
