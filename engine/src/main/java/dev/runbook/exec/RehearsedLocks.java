package dev.runbook.exec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a rehearsed statement locked: the table locks its transaction holds after it and did not hold before it
 * (a transaction keeps its locks to the end, so the difference is the statement's), with each table's estimated
 * size and how long the statement ran. Said per statement, e.g. "ACCESS EXCLUSIVE on public.users (1.2 M rows)".
 */
final class RehearsedLocks {
    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private final String sql;

    /** @param sql the dialect's held-locks query (relation, mode, estimated rows) */
    RehearsedLocks(String sql) {
        this.sql = sql;
    }

    /** The strongest mode held per table now. */
    Map<String, Held> held(Connection c) throws SQLException {
        Map<String, Held> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Held h = new Held(rs.getString(2), rs.getLong(3));
                Held was = out.get(rs.getString(1));
                if (was == null || MODES.indexOf(h.mode) > MODES.indexOf(was.mode)) out.put(rs.getString(1), h);
            }
        }
        return out;
    }

    /** One sentence for the locks taken or strengthened between {@code before} and {@code after}; null when none. */
    static String said(int statement, int line, Map<String, Held> before, Map<String, Held> after, Duration took) {
        StringBuilder sb = new StringBuilder();
        after.forEach((table, h) -> {
            Held was = before.get(table);
            if (was != null && MODES.indexOf(was.mode) >= MODES.indexOf(h.mode)) return;
            sb.append(sb.length() == 0 ? "" : ", ").append(modeName(h.mode)).append(" on ").append(table)
                    .append(" (").append(rows(h.rows)).append(")");
        });
        if (sb.length() == 0) return null;
        return "rehearsal: statement " + statement + " (line " + line + ") took " + sb + " for " + duration(took);
    }

    /** AccessExclusiveLock gives ACCESS EXCLUSIVE, as the PostgreSQL documentation names the modes. */
    static String modeName(String mode) {
        String bare = mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    static String rows(long rows) {
        if (rows < 0) return "size not known: never analysed";
        if (rows < 1_000) return rows + " rows";
        if (rows < 1_000_000) return String.format(Locale.ROOT, "%.1f k rows", rows / 1e3);
        return String.format(Locale.ROOT, "%.1f M rows", rows / 1e6);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    record Held(String mode, long rows) {}
}
