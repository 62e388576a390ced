package dev.runbook.db;

import java.util.Objects;

/**
 * One statement (PostgreSQL) or batch (SQL Server) cut from a script, with where it starts in that script.
 *
 * @param text   the statement exactly as written, without its terminating {@code ;} or {@code GO} line, trimmed
 * @param line   1-based line of the first non-blank character (the byte-order mark is not counted)
 * @param column 1-based column of that character, counted in Unicode code points
 * @param repeat how many times to execute it ({@code GO 5} gives 5; otherwise 1)
 * @param copyData for {@code COPY ... FROM stdin} followed by inline rows (pg_dump's plain format), those rows; else null
 */
public record SqlStatement(String text, int line, int column, int repeat, String copyData) {

    public SqlStatement {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("statement text must not be blank");
        }
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1: " + repeat);
        }
    }

    public SqlStatement(String text, int line, int column, int repeat) {
        this(text, line, column, repeat, null);
    }

    /** A statement that runs once. */
    public SqlStatement(String text, int line, int column) {
        this(text, line, column, 1);
    }

    /** This COPY statement with the inline rows it reads. */
    public SqlStatement withCopyData(String rows) {
        return new SqlStatement(text, line, column, repeat, rows);
    }
}
