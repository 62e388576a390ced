package dev.runbook.reports.model;

import java.util.List;

/**
 * Rows a step returned as proof, bounded by the engine; a null cell is an SQL NULL.
 *
 * @param totalRows rows the query really returned, which may exceed {@code rows.size()}
 * @param truncated true when rows or cells were cut to the engine's limits
 */
public record Evidence(List<String> columns, List<List<String>> rows, int totalRows, boolean truncated) {
    /** At most this many rows are kept (EVENTS.md). */
    public static final int MAX_ROWS = 50;
    /** Cells longer than this many characters are cut (EVENTS.md). */
    public static final int MAX_CELL = 2_000;

    public Evidence {
        columns = Copies.list(columns);
        rows = Copies.rows(rows);
    }
}
