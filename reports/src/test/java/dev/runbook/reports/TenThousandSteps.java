package dev.runbook.reports;

import dev.runbook.reports.events.EventLogWriter;
import dev.runbook.reports.events.ItemFinished;
import dev.runbook.reports.events.ItemStarted;
import dev.runbook.reports.events.RunFinished;
import dev.runbook.reports.events.RunStarted;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Outcome;
import java.io.IOException;
import java.nio.file.Path;

/** Writes the event log of a successful run with many SQL steps, for size and speed checks. */
final class TenThousandSteps {

    private TenThousandSteps() {
    }

    static Path write(Path runDir, int steps) throws IOException {
        try (EventLogWriter log = RunLogs.open(runDir)) {
            log.write(new RunStarted(RunLogs.header(Mode.RUN, RunLogs.params())));
            for (int i = 1; i <= steps; i++) {
                String key = "step/batch-" + i;
                log.write(ItemStarted.of(key, Kind.STEP, "Backfill batch " + i, "sql", "shop", i, null,
                        "UPDATE orders SET legacy_flag = true\n WHERE id BETWEEN " + (i * 1000) + " AND "
                                + (i * 1000 + 999) + ";", 1));
                log.write(ItemFinished.ok(key, 1, 40 + i % 7).withAffected(1000L));
            }
            log.write(new RunFinished(Outcome.SUCCEEDED, 0, steps * 500L, "changed: all batches backfilled"));
        }
        return runDir;
    }
}
