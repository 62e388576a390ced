package dev.runbook.exec;

import java.util.List;

/** The bounded sample of a query result kept in the event log: at most 50 rows, cells cut at 2,000 characters. */
public record Evidence(List<String> columns, List<List<String>> rows, long totalRows, boolean truncated) {
    public static final int MAX_ROWS = 50;
    public static final int MAX_CELL = 2_000;
}
