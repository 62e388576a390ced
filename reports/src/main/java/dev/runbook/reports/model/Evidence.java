package dev.runbook.reports.model;

import java.util.List;

/**
 * Rows a step returned as proof, bounded by the engine; a null cell is an SQL NULL.
 *
 * @param totalRows rows the query really returned, which may exceed {@code rows.size()}
 * @param truncated true when rows or cells were cut to the engine's limits
 */
public record Evidence(List<String> columns, List<List<String>> rows, int totalRows, boolean truncated) {
    public Evidence {
        columns = Copies.list(columns);
        rows = Copies.rows(rows);
    }
}
