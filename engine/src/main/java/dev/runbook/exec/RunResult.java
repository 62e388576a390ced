package dev.runbook.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How a run ended: outcome and exit code, one-line summary, where its folder and reports are. */
public record RunResult(String runId, Path runDir, RunOutcome outcome, String summary, String targetState,
                        Duration duration, List<Path> reports) {
    public int exitCode() {
        return outcome.exitCode();
    }
}
