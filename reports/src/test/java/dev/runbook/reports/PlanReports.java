package dev.runbook.reports;

import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.PlannedItem;
import dev.runbook.reports.model.RunReport;
import java.time.Instant;
import java.util.List;

/** A dry-run plan as the engine would hand it over. */
final class PlanReports {

    private PlanReports() {
    }

    static RunReport sample() {
        return RunReport.plan(RunLogs.header(Mode.RUN, RunLogs.params()), List.of(
                new PlannedItem("precondition/1", Kind.PRECONDITION, "orders table exists", "check", "shop", null,
                        "SELECT to_regclass('orders') IS NOT NULL", null, true, null),
                new PlannedItem("step/add-column", Kind.STEP, "Add legacy_flag", "sql", "shop", null,
                        RunLogs.ADD_COLUMN_SQL, "ALTER TABLE orders DROP COLUMN legacy_flag;", true, null),
                new PlannedItem("step/seed", Kind.STEP, "Seed lookup table", "sql", "shop", null,
                        "INSERT INTO flags VALUES ('legacy');", null, false, "once: already applied on 2026-10-01"),
                new PlannedItem("step/verify", Kind.STEP, "Verify backfill", "assert", "shop", null, null, null,
                        true, null),
                new PlannedItem("step/verify/check/1", Kind.CHECK, "no unflagged old orders", "check", "shop",
                        "step/verify", "SELECT count(*) FROM orders WHERE NOT legacy_flag", null, true, null)),
                List.of("policy change-window: now is outside Sat 02:00-04:00; a real run would be refused"),
                Instant.parse("2026-11-21T16:00:00Z"));
    }
}
