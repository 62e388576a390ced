package dev.runbook.diag;

/** A place in a source file, 1-based, printed the way compilers and editors link it: {@code file:line:col}. */
public record Position(String file, int line, int column) implements Comparable<Position> {
    public static Position of(String file) {
        return new Position(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }

    @Override
    public int compareTo(Position o) {
        int c = file.compareTo(o.file);
        if (c != 0) return c;
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }
}
