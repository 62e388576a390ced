package dev.runbook.cli;

import dev.runbook.reports.InterruptedRunReports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Completes a killed run's folder with the reports it never wrote, saying so on stderr; never fails the command. */
final class InterruptedReports {
    private InterruptedReports() {}

    static void render(CommandSpec spec, Path runDir) {
        try {
            List<Path> written = InterruptedRunReports.renderMissing(runDir);
            if (!written.isEmpty()) {
                spec.commandLine().getErr().println("runbook: the interrupted run in " + runDir
                        + " had no reports; rendered them from its event log (marked interrupted)");
            }
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("runbook: cannot render the reports of " + runDir + ": " + e.getMessage());
        }
        spec.commandLine().getErr().flush();
    }
}
