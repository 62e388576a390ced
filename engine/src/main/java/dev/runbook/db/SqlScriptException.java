package dev.runbook.db;

/** A script the splitter must refuse, with where (1-based, in the script) and how to fix it. */
public final class SqlScriptException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final String hint;

    SqlScriptException(int line, int column, String message, String hint) {
        super(message);
        this.line = line;
        this.column = column;
        this.hint = hint;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String hint() {
        return hint;
    }
}
