package dev.runbook.reports.model;

/**
 * Where in the SQL a database error points, as people read it: 1-based line and column of the script the
 * step ran (the statement's own place in the script counted), the same shape in the log and every report.
 * {@code column} is null when only the line is known (Flyway names the line of a migration file).
 */
public record SqlPosition(int line, Integer column) {
    public SqlPosition {
        if (line < 1 || (column != null && column < 1)) {
            throw new IllegalArgumentException("line and column count from 1, not " + line + ":" + column);
        }
    }

    /** The words a message or a report uses, e.g. {@code line 1, column 8}. */
    public String text() {
        return "line " + line + (column == null ? "" : ", column " + column);
    }
}
