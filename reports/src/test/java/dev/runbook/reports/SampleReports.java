package dev.runbook.reports;

import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.Mode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the test scenarios' run folders and reports under a folder, for looking at them in a browser:
 * {@code SampleReports OUT_DIR}.
 */
public final class SampleReports {

    private SampleReports() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/sample-reports");
        Files.createDirectories(out);
        write(RunLogs.success(out.resolve("success")));
        write(RunLogs.failedAssertionRolledBack(out.resolve("rolled-back"), Mode.RUN));
        write(RunLogs.failedAssertionRolledBack(out.resolve("rehearsal-rolled-back"), Mode.REHEARSAL));
        write(RunLogs.preconditionFailed(out.resolve("precondition-failed")));
        write(RunLogs.interrupted(out.resolve("interrupted")));
        write(RunLogs.rollbackFailed(out.resolve("rollback-failed")));
        write(TenThousandSteps.write(out.resolve("ten-thousand"), 10_000));
        Path plan = out.resolve("plan");
        new ReportWriter().writeAll(PlanReports.sample(), plan);
        System.err.println("wrote sample reports under " + out.toAbsolutePath());
    }

    private static void write(Path runDir) throws Exception {
        new ReportWriter().writeAll(new EventLogReader().read(runDir), runDir);
    }
}
