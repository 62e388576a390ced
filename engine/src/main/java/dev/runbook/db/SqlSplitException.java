package dev.runbook.db;

/**
 * A script that cannot be cut into statements as its engine would (a malformed {@code GO} line), with the
 * 1-based line and column in the script where the problem is, so validate can point at it.
 */
public final class SqlSplitException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final String problem;

    SqlSplitException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, without the position (which the caller renders as file:line:col). */
    public String problem() {
        return problem;
    }
}
