package dev.runbook.exec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How to carry out a plan: where the run folder goes, which approvals were given on the command line,
 * who is running, the process environment, and the console hooks. {@code prompter} is null when no
 * person can answer (then every approval step needs {@code --approve}).
 */
public record RunOptions(String runId, Path runDir, Path runsRoot, Set<String> approvals, String reason,
                         String operator, String host, String toolVersion, Map<String, String> environmentVariables,
                         ApprovalPrompter prompter, Progress progress, boolean verbose, ReportPublisher reports,
                         Clock clock, Duration lockTimeout, boolean allowChanged, ResumePoint resume,
                         String approvedPlan, boolean rehearse) {

    /** What a resumed run takes over from the run it resumes: that run's id and the step keys it completed. */
    public record ResumePoint(String runId, Set<String> completedSteps) {
        public ResumePoint {
            completedSteps = Set.copyOf(completedSteps);
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(null, null, Path.of("runs"), Set.of(), null, System.getProperty("user.name"),
                localHost(), currentToolVersion(), System.getenv(), null, Progress.silent(), false, ReportPublisher.none(),
                Clock.systemUTC(), Duration.ZERO, false, null, null, false);
    }

    public RunOptions withRunDir(Path dir) {
        return new RunOptions(runId, dir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    public RunOptions withRunsRoot(Path root) {
        return new RunOptions(runId, runDir, root, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    public RunOptions withApprovals(Set<String> ids, String why) {
        return new RunOptions(runId, runDir, runsRoot, Set.copyOf(ids), why, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    public RunOptions withEnvironment(Map<String, String> env) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion, Map.copyOf(env),
                prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    public RunOptions withConsole(ApprovalPrompter asker, Progress shown, boolean showDetail) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, asker, shown, showDetail, reports, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    public RunOptions withReports(ReportPublisher publisher) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, publisher, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    public RunOptions withOperator(String who) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, who, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume, approvedPlan, rehearse);
    }

    /** How long to wait for another run's lock on a target before giving up with exit code 5. */
    public RunOptions withLockTimeout(Duration wait) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, wait, allowChanged, resume, approvedPlan, rehearse);
    }

    /** Whether a once step whose checksum changed since it was applied may run again (--allow-changed). */
    public RunOptions withAllowChanged(boolean allow) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allow, resume, approvedPlan, rehearse);
    }

    public RunOptions withResume(ResumePoint point) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, point, approvedPlan, rehearse);
    }

    /** The saved plan this run was bound to (its file and hash), for the report's plan, rehearsal, run chain. */
    public RunOptions withApprovedPlan(String plan) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume, plan, rehearse);
    }

    /** A rehearsal: everything runs inside one transaction per target that is rolled back at the end. */
    public RunOptions withRehearsal(boolean yes) {
        return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume,
                approvedPlan, yes);
    }

    /** Whether the command line approved this approval step (by id, or all with a reason). */
    public boolean approved(String stepId) {
        return approvals.contains(stepId) || (approvals.contains("all") && reason != null && !reason.isBlank());
    }

    private static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String currentToolVersion() {
        String v = RunOptions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
