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
                         String approvedPlan, boolean rehearse, Integer embeddedVersion) {

    /**
     * What a resumed run takes over from the run it resumes: that run's id, the step keys it completed, and the
     * approvals given to it while it waited ({@code runbook approve}), by step id; with {@code rollback}, the run
     * was cut off while compensating, and only the compensation of those steps is left. {@code firstDir} is the
     * run folder of the first run of the resume chain (where its backups were written), or null when unknown.
     */
    public record ResumePoint(String runId, Set<String> completedSteps,
                              Map<String, dev.runbook.journal.RecordedApproval> approvals, boolean rollback, Path firstDir) {
        public ResumePoint {
            completedSteps = Set.copyOf(completedSteps);
            approvals = Map.copyOf(approvals);
        }

        public ResumePoint(String runId, Set<String> completedSteps) {
            this(runId, completedSteps, Map.of(), false, null);
        }

        public ResumePoint(String runId, Set<String> completedSteps, Map<String, dev.runbook.journal.RecordedApproval> approvals) {
            this(runId, completedSteps, approvals, false, null);
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(null, null, Path.of("runs"), Set.of(), null, System.getProperty("user.name"),
                localHost(), currentToolVersion(), System.getenv(), null, Progress.silent(), false, ReportPublisher.none(),
                Clock.systemUTC(), Duration.ZERO, false, null, null, false, null);
    }

    public RunOptions withRunDir(Path dir) {
        return edit(e -> e.runDir = dir);
    }

    /** The run's id, chosen by the caller (a fleet numbers its targets' runs); null picks a new one. */
    public RunOptions withRunId(String id) {
        return edit(e -> e.runId = id);
    }

    public RunOptions withRunsRoot(Path root) {
        return edit(e -> e.runsRoot = root);
    }

    public RunOptions withApprovals(Set<String> ids, String why) {
        return edit(e -> {
            e.approvals = Set.copyOf(ids);
            e.reason = why;
        });
    }

    public RunOptions withEnvironment(Map<String, String> env) {
        return edit(e -> e.environmentVariables = Map.copyOf(env));
    }

    public RunOptions withConsole(ApprovalPrompter asker, Progress shown, boolean showDetail) {
        return edit(e -> {
            e.prompter = asker;
            e.progress = shown;
            e.verbose = showDetail;
        });
    }

    public RunOptions withReports(ReportPublisher publisher) {
        return edit(e -> e.reports = publisher);
    }

    public RunOptions withOperator(String who) {
        return edit(e -> e.operator = who);
    }

    /** How long to wait for another run's lock on a target before giving up with exit code 5. */
    public RunOptions withLockTimeout(Duration wait) {
        return edit(e -> e.lockTimeout = wait);
    }

    /** Whether a once step whose checksum changed since it was applied may run again (--allow-changed). */
    public RunOptions withAllowChanged(boolean allow) {
        return edit(e -> e.allowChanged = allow);
    }

    public RunOptions withResume(ResumePoint point) {
        return edit(e -> e.resume = point);
    }

    /** The saved plan this run was bound to (its file and hash), for the report's plan, rehearsal, run chain. */
    public RunOptions withApprovedPlan(String plan) {
        return edit(e -> e.approvedPlan = plan);
    }

    /** A rehearsal: everything runs inside one transaction per target that is rolled back at the end. */
    public RunOptions withRehearsal(boolean yes) {
        return edit(e -> e.rehearse = yes);
    }

    /** The PostgreSQL major --embedded starts ({@code --embedded-version}); null: the one matching pg_dump. */
    public RunOptions withEmbeddedVersion(Integer major) {
        return edit(e -> e.embeddedVersion = major);
    }

    /** One copy of every component to change and rebuild: the with-methods name only what they change. */
    private RunOptions edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return e.build();
    }

    private static final class Edit {
        String runId;
        Path runDir;
        Path runsRoot;
        Set<String> approvals;
        String reason;
        String operator;
        String host;
        String toolVersion;
        Map<String, String> environmentVariables;
        ApprovalPrompter prompter;
        Progress progress;
        boolean verbose;
        ReportPublisher reports;
        Clock clock;
        Duration lockTimeout;
        boolean allowChanged;
        ResumePoint resume;
        String approvedPlan;
        boolean rehearse;
        Integer embeddedVersion;

        Edit(RunOptions o) {
            runId = o.runId;
            runDir = o.runDir;
            runsRoot = o.runsRoot;
            approvals = o.approvals;
            reason = o.reason;
            operator = o.operator;
            host = o.host;
            toolVersion = o.toolVersion;
            environmentVariables = o.environmentVariables;
            prompter = o.prompter;
            progress = o.progress;
            verbose = o.verbose;
            reports = o.reports;
            clock = o.clock;
            lockTimeout = o.lockTimeout;
            allowChanged = o.allowChanged;
            resume = o.resume;
            approvedPlan = o.approvedPlan;
            rehearse = o.rehearse;
            embeddedVersion = o.embeddedVersion;
        }

        RunOptions build() {
            return new RunOptions(runId, runDir, runsRoot, approvals, reason, operator, host, toolVersion,
                    environmentVariables, prompter, progress, verbose, reports, clock, lockTimeout, allowChanged, resume,
                    approvedPlan, rehearse, embeddedVersion);
        }
    }

    /** The approval {@code runbook approve} recorded for this step of the run being resumed, if any. */
    public java.util.Optional<dev.runbook.journal.RecordedApproval> recordedApproval(String stepId) {
        return resume == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(resume.approvals().get(stepId));
    }

    /** Whether this approval step can be answered in this run: approved now or before, or a person is asked. */
    public boolean canAnswer(String stepId) {
        return approved(stepId) || prompter != null || recordedApproval(stepId).isPresent();
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
