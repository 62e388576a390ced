package dev.runbook.cli;

import dev.runbook.db.Dialect;
import dev.runbook.exec.TargetConnector;
import dev.runbook.journal.HistoryQuery;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalVersionException;
import dev.runbook.journal.PastRun;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.journal.JournalStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists past runs from the journal of each database target of a runbook, newest first; changes nothing. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List past runs recorded in the run journal of each database target, newest first.",
                "Reads only. The runbook names the targets; params its targets do not use may be left out.",
                "A killed run's folder under --runs gets the reports the run never wrote, marked interrupted."})
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--runbook", paramLabel = "ID", description = "Only runs of this runbook id (default: every runbook).")
    String runbookId;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs per target (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Option(names = "--runs", paramLabel = "DIR", description = "Where run folders are (default: runs).")
    Path runs = Path.of("runs");

    /** One target's answer: its runs, or why they could not be read. */
    record TargetHistory(PlannedTarget target, String journal, List<PastRun> runs, String error) {}

    @Override
    public Integer call() {
        // history shares plan's options, but reads only: gates and an embedded database would do nothing here.
        for (String gate : List.of("--approve", "--reason", "--maintenance-window")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(gate)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        gate + " does nothing for history, which only reads the journal: leave it out");
            }
        }
        if (options.invocation.embedded) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--embedded: an embedded database"
                    + " lives only as long as the run that started it, so it keeps no history; pass --target NAME=URL");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown --format '" + format + "': expected text or json");
        }
        if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--limit must be between 1 and " + HistoryQuery.MAX_LIMIT);
        }
        Map<String, PlannedTarget> targets = options.targets();
        List<TargetHistory> all = new ArrayList<>();
        for (PlannedTarget t : targets.values()) {
            if (t.keepsJournal()) all.add(read(t));
        }
        var out = spec.commandLine().getOut();
        out.print(format.equals("json") ? HistoryOutput.json(all) : HistoryOutput.text(all));
        out.flush();
        boolean failed = false;
        for (TargetHistory h : all) {
            if (h.error() != null) {
                spec.commandLine().getErr().println(dev.runbook.reports.text.Printable.of("runbook: target '"
                        + h.target().name() + "': " + h.error()));
                failed = true;
            }
        }
        for (TargetHistory h : all) {
            for (PastRun r : h.runs()) {
                // The journal says its lock is free, so the run is over and its folder may be completed.
                if (r.status() == JournalStatus.INTERRUPTED) InterruptedReports.render(spec, runs.resolve(r.runId()));
            }
        }
        spec.commandLine().getErr().flush();
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private TargetHistory read(PlannedTarget t) {
        String journal = t.journalTable() == null ? dev.runbook.journal.Journal.DEFAULT_TABLE : t.journalTable();
        try {
            Dialect dialect = Dialect.forEngine(t.engine());
            try (Connection c = TargetConnector.of(t, "runbook-history").open()) {
                return new TargetHistory(t, journal, new HistoryQuery(dialect, t.journalTable()).runs(c, runbookId, limit),
                        null);
            }
        } catch (SQLException e) {
            return new TargetHistory(t, journal, List.of(), "cannot connect to " + t.display() + ": " + e.getMessage());
        } catch (JournalVersionException | JournalException | IllegalArgumentException e) {
            return new TargetHistory(t, journal, List.of(), e.getMessage());
        }
    }
}
