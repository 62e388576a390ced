package dev.runbook.exec;

import dev.runbook.expr.Expressions;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedSql;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.RowQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a plan's {@code for_each: {query}} steps on read-only connections (no lock, nothing written),
 * each value as text, so the run can be planned with every iteration before it starts.
 */
public final class RowReader {
    private RowReader() {}

    /** Why the rows could not be read; nothing ran. */
    public static final class RowsUnreadable extends RuntimeException {
        RowsUnreadable(String message) {
            super(message);
        }
    }

    /** @return rows by step id, for every step of {@link Plan#unreadRows()} */
    public static Map<String, List<Map<String, Object>>> read(Plan plan, Map<String, String> environment) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        if (plan.unreadRows().isEmpty()) return out;
        if (plan.targets().values().stream().anyMatch(dev.runbook.plan.PlannedTarget::embedded)) {
            throw new RowsUnreadable("for_each queries cannot be read before an embedded database exists;"
                    + " run against a real target (--target NAME=URL)");
        }
        Expressions expressions = new Expressions();
        try (Cancellation cancellation = new Cancellation();
             EmbeddedOnDemand none = new EmbeddedOnDemand(() -> {
                 throw new IllegalStateException("no embedded database for for_each rows");
             });
             TargetConnections connections = new TargetConnections(plan.targets(), none, "runbook-rows",
                     TargetConnections.Use.OBSERVE)) {
            SqlRunner sql = new SqlRunner(connections, cancellation, expressions);
            RunContext context = new RunContext(plan, Map.of("id", "plan", "operator", ""), environment, Map.of());
            for (PlannedStep s : plan.unreadRows()) {
                RowQueries.Unread q = (RowQueries.Unread) s.item();
                PlannedSql query = new PlannedSql(s.pos(), q.sql(), null, true, Map.of(), null, null);
                ActionResult r;
                try {
                    r = sql.run(q.target(), query, context.vars(), SqlRunner.Mode.PROBE);
                } catch (StepFailure f) {
                    throw new RowsUnreadable("cannot read the rows of for_each step '" + q.stepId() + "' on target '"
                            + q.target() + "': " + f.getMessage() + "; nothing ran");
                }
                Object count = r.captures().get("count");
                if (count instanceof Number n && n.longValue() > RowQueries.MAX_ROWS) {
                    throw new RowsUnreadable("the for_each query of step '" + q.stepId() + "' returned " + n + " rows, more"
                            + " than " + RowQueries.MAX_ROWS + "; narrow it (WHERE, LIMIT) or split the runbook");
                }
                out.put(q.stepId(), asText(r.captures().get("rows")));
            }
        }
        return out;
    }

    /** Every value as text (null stays null): what the journal keeps is then exactly what the run repeats over. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> asText(Object rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(rows instanceof List<?> list)) return out;
        for (Object o : list) {
            Map<String, Object> row = new LinkedHashMap<>();
            ((Map<String, Object>) o).forEach((k, v) -> row.put(k, v == null ? null : String.valueOf(v)));
            out.add(java.util.Collections.unmodifiableMap(row));
        }
        return List.copyOf(out);
    }
}
