package dev.runbook.journal;

import dev.runbook.db.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads past runs from a target's journal, newest first, on a connection the caller owns; it writes
 * nothing, so it also works on read-only targets. A target without a journal has no runs.
 */
public final class HistoryQuery {
    /** Most runs one query returns. */
    public static final int MAX_LIMIT = 10_000;

    private static final String TOP_LEVEL_STEP = "s.run_id = r.run_id AND s.kind = 'step' AND s.item_key LIKE 'step/%'"
            + " AND s.item_key NOT LIKE 'step/%/%'";

    private final JournalTable table;

    /** @param table the target's {@code journal_table}, or null for the default */
    public HistoryQuery(Dialect dialect, String table) {
        this.table = JournalTable.of(dialect, table);
    }

    /**
     * Runs recorded in the journal, newest first, at most {@code limit}.
     *
     * @param runbookId only runs of this runbook, or null for all
     * @throws JournalVersionException when a newer Runbook made the journal
     */
    public List<PastRun> runs(Connection c, String runbookId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        return query(c, runbookId == null ? null : "r.runbook_id = ?", runbookId, limit);
    }

    /** One run by id, or empty. */
    public Optional<PastRun> run(Connection c, String runId) {
        return query(c, "r.run_id = ?", runId, 1).stream().findFirst();
    }

    private List<PastRun> query(Connection c, String filter, String bind, int limit) {
        try (Handle h = JournalHandles.on(c)) {
            if (!table.readable(c)) return List.of();
            Query q = h.createQuery(sql(filter)).setMaxRows(limit);
            if (filter != null) q.bind(0, bind);
            return q.map((rs, ctx) -> row(rs)).list().stream()
                    .map(r -> r.status() == JournalStatus.STARTED || r.status() == JournalStatus.ROLLING_BACK
                            ? liveOrInterrupted(h, r) : r)
                    .toList();
        } catch (SQLException | JdbiException e) {
            String why = e instanceof JdbiException && e.getCause() instanceof SQLException s ? s.getMessage() : e.getMessage();
            throw new JournalException("cannot read the run journal " + table.name + ": " + why, e);
        }
    }

    /**
     * A run row still {@code started} is either running now or was killed: the run's lock session carries its id
     * in its application name, and the database ends it with the process, so no holder left means it died.
     */
    private PastRun liveOrInterrupted(Handle h, PastRun r) {
        long holders = h.createQuery(table.dialect.runLockHoldersSql()).bind(0, "runbook:" + r.runId() + ":%")
                .mapTo(Long.class).one();
        if (holders > 0) return r;
        if (r.status() == JournalStatus.ROLLING_BACK) {
            return new PastRun(r.runId(), r.runbookId(), r.runbookChecksum(), r.planHash(), r.ticket(), r.environment(),
                    r.operator(), r.host(), r.toolVersion(), JournalStatus.INTERRUPTED, r.startedAt(), r.endedAt(),
                    PastRun.CUT_IN_ROLLBACK + ": its process ended before compensation finished; runbook resume "
                            + r.runId() + " finishes the remaining rollbacks (no step runs again)", r.steps(), r.cutAt());
        }
        String at = r.cutAt() == null ? "before its first step" : "at " + r.cutAt();
        return new PastRun(r.runId(), r.runbookId(), r.runbookChecksum(), r.planHash(), r.ticket(), r.environment(),
                r.operator(), r.host(), r.toolVersion(), JournalStatus.INTERRUPTED, r.startedAt(), r.endedAt(),
                "interrupted " + at + ": its process ended without finishing (killed or crashed); its lock is free"
                        + " (a statement it had sent may still be finishing on the server); runbook resume " + r.runId()
                        + " continues it", r.steps(), r.cutAt());
    }

    private String sql(String filter) {
        String t = table.quoted;
        return "SELECT r.run_id, r.runbook_id, r.runbook_checksum, r.item_checksum, r.ticket, r.environment, r.operator,"
                + " r.host, r.tool_version, r.status, r.started_at, r.ended_at, r.detail,"
                + " (SELECT COUNT(*) FROM " + t + " s WHERE " + TOP_LEVEL_STEP + ") AS steps_total,"
                + count(t, "'succeeded'", "steps_succeeded") + count(t, "'failed'", "steps_failed")
                + count(t, "'skipped'", "steps_skipped") + count(t, "'rolled_back'", "steps_rolled_back")
                + count(t, "'started', 'interrupted'", "steps_unfinished")
                + " (SELECT MIN(s.item_key) FROM " + t + " s WHERE " + TOP_LEVEL_STEP + " AND s.status = 'started') AS cut_at"
                + " FROM " + t + " r WHERE r.kind = 'run'" + (filter == null ? "" : " AND " + filter)
                + " ORDER BY r.started_at DESC, r.run_id DESC";
    }

    private static String count(String t, String statuses, String alias) {
        return " (SELECT COUNT(*) FROM " + t + " s WHERE " + TOP_LEVEL_STEP + " AND s.status IN (" + statuses + ")) AS "
                + alias + ",";
    }

    private static PastRun row(ResultSet rs) throws SQLException {
        StepCounts steps = new StepCounts(rs.getInt("steps_total"), rs.getInt("steps_succeeded"),
                rs.getInt("steps_failed"), rs.getInt("steps_skipped"), rs.getInt("steps_rolled_back"),
                rs.getInt("steps_unfinished"));
        return new PastRun(rs.getString("run_id"), rs.getString("runbook_id"), rs.getString("runbook_checksum"),
                rs.getString("item_checksum"), rs.getString("ticket"), rs.getString("environment"),
                rs.getString("operator"), rs.getString("host"), rs.getString("tool_version"),
                JournalStatus.fromWord(rs.getString("status")), Journal.instant(rs, "started_at"),
                Journal.instant(rs, "ended_at"), rs.getString("detail"), steps, rs.getString("cut_at"));
    }
}
