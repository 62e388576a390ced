package dev.runbook.reports;

import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.events.EventLogWriter;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reports a killed run never wrote: a process that dies (SIGKILL, power loss) leaves its run folder with only
 * {@code events.jsonl}, and the next command that touches the folder renders all four from it, marked interrupted.
 */
public final class InterruptedRunReports {

    private InterruptedRunReports() {
    }

    /**
     * Renders every format into {@code runDir} when it holds an event log, no report at all, and the log ends
     * without {@code run.finished}; returns the files written, empty when there was nothing to do. The caller
     * must know the run is over (its lock is free): a live run's folder looks the same.
     */
    public static List<Path> renderMissing(Path runDir) throws IOException {
        if (!Files.isRegularFile(runDir.resolve(EventLogWriter.FILE_NAME))) {
            return List.of();
        }
        for (Format format : Format.values()) {
            if (Files.exists(runDir.resolve(format.fileName()))) {
                return List.of();
            }
        }
        RunReport report = new EventLogReader().read(runDir);
        if (report.outcome() != Outcome.INTERRUPTED) {
            return List.of();
        }
        return new ReportWriter().writeAll(report, runDir);
    }
}
