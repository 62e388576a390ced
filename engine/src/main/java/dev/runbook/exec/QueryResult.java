package dev.runbook.exec;

import dev.runbook.reports.model.Evidence;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query's rows read into plain Java values: {@code rows} (bounded list of maps), {@code count} (all rows),
 * {@code result} (first column of the first row) and the evidence sample.
 */
record QueryResult(List<String> columns, List<Map<String, Object>> rows, long count, Object result,
                   Evidence evidence) {
    /** Rows kept for expressions; more are counted but not held in memory. */
    static final int MAX_CAPTURED_ROWS = 1_000;

    static final QueryResult EMPTY = new QueryResult(List.of(), List.of(), 0, null,
            new Evidence(List.of(), List.of(), 0, false));

    static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) columns.add(md.getColumnLabel(i));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<List<String>> sample = new ArrayList<>();
        boolean cut = false;
        long count = 0;
        Object first = null;
        while (rs.next()) {
            count++;
            if (count > MAX_CAPTURED_ROWS && count > Evidence.MAX_ROWS) continue;
            Map<String, Object> row = new LinkedHashMap<>();
            List<String> cells = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                Object v = plain(rs.getObject(i), md.getColumnType(i));
                if (count == 1 && i == 1) first = v;
                row.put(columns.get(i - 1), v);
                String cell = v == null ? null : v.toString();
                if (cell != null && cell.length() > Evidence.MAX_CELL) {
                    cell = cell.substring(0, Evidence.MAX_CELL);
                    cut = true;
                }
                cells.add(cell);
            }
            if (count <= MAX_CAPTURED_ROWS) rows.add(row);
            if (count <= Evidence.MAX_ROWS) sample.add(cells);
        }
        boolean truncated = cut || count > Evidence.MAX_ROWS;
        return new QueryResult(List.copyOf(columns), rows, count, first,
                new Evidence(List.copyOf(columns), sample, (int) Math.min(count, Integer.MAX_VALUE), truncated));
    }

    /** Captures published by a query: rows, count, result. */
    Map<String, Object> captures() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows);
        out.put("count", count);
        out.put("result", result);
        return out;
    }

    /** JDBC values become what expressions compare naturally: numbers, booleans, strings, lists. */
    static Object plain(Object v, int sqlType) throws SQLException {
        if (v == null) return null;
        if (v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Array a) {
            Object arr = a.getArray();
            List<Object> out = new ArrayList<>();
            if (arr instanceof Object[] items) for (Object o : items) out.add(plain(o, Types.OTHER));
            return out;
        }
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime().toString();
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof java.sql.Time t) return t.toLocalTime().toString();
        if (v instanceof byte[] b) return "\\x" + java.util.HexFormat.of().formatHex(b);
        if (v instanceof java.sql.Clob c) return c.getSubString(1, (int) Math.min(c.length(), 1_000_000));
        return v.toString();
    }
}
