package dev.runbook.cli;

import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalStatus;
import dev.runbook.journal.RecordedApproval;
import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import dev.runbook.reports.model.RunHeader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Approves the approval step a run is waiting at: records who approved, when and why in the target's journal,
 * where {@code resume} reads it. Nothing runs; the run continues with {@code runbook resume RUN_ID}.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve the step a paused run waits at (it ended with exit code 6).",
                "Records who approved, when and why in the target's journal; then continue with",
                "runbook resume RUN_ID. The runbook, environment and params are read from the run folder."})
final class ApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The waiting run (as printed by run, or listed by history).")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The approval step it waits at.")
    String step;

    @Parameters(index = "2", arity = "0..1", paramLabel = "RUNBOOK",
            description = "The runbook file (default: the one the run folder names).")
    Path runbook;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is approved; goes into the journal and the report.")
    String reason;

    @Option(names = "--runs", paramLabel = "DIR", description = "Where run folders are (default: runs).")
    Path runs = Path.of("runs");

    @Option(names = "--env", paramLabel = "ENV", description = "Environment (default: the run's).")
    String env;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value; secret params must be given again.")
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "NAME=URL", description = "Override a target's connection URL; repeatable.")
    java.util.Map<String, String> targets = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() {
        if (reason.isBlank()) throw EarlierRun.usage("approve", "--reason is empty", "say why the step is approved");
        Optional<RunHeader> earlier = EarlierRun.header(runs, runId);
        Path file = EarlierRun.runbook(runbook, earlier, runs, runId, "approve");
        InvocationOptions inv = new InvocationOptions();
        inv.env = env;
        inv.params = params;
        inv.targets = targets;
        Plan plan = PlanOptions.plan(file, EarlierRun.withEarlier(inv.invocation(), earlier));
        PlannedStep approval = plan.steps().stream().filter(s -> s.id().equals(step)).findFirst()
                .filter(s -> s.action() instanceof PlannedAction.Approval).orElseThrow(() -> EarlierRun.usage("approve",
                        "runbook " + plan.runbookId() + " has no approval step '" + step + "'", "approval steps: "
                                + String.join(", ", plan.steps().stream().filter(s -> s.action() instanceof PlannedAction.Approval)
                                .map(PlannedStep::id).toList())));
        if (approval.decision() instanceof Decision.Skip) {
            throw EarlierRun.usage("approve", "step " + step + " is skipped by this plan; there is nothing to approve", null);
        }
        String operator = inv.invocation().operator();
        RecordedApproval recorded = EarlierRun.withJournal(plan, runId, "approve", (journal, target) ->
                journal.runState(runId).map(state -> {
                    if (state.status() != JournalStatus.WAITING) {
                        throw EarlierRun.usage("approve", "run " + runId + " is " + state.status().word()
                                + ", not waiting for an approval", "runbook history shows each run's state");
                    }
                    if (state.approvals().containsKey(step)) {
                        throw EarlierRun.usage("approve", "step " + step + " of run " + runId + " was approved already by "
                                + state.approvals().get(step).by(), "continue with: runbook resume " + runId);
                    }
                    try {
                        return journal.recordApproval(state, step, operator, host(), version(), reason);
                    } catch (JournalException e) {
                        throw EarlierRun.usage("approve", "cannot record the approval on target '" + target.name() + "': "
                                + e.getMessage(), null);
                    }
                }));
        spec.commandLine().getOut().println("approved step " + step + " of run " + runId + " (by " + recorded.by()
                + " at " + recorded.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); continue with: runbook resume "
                + runId);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String host() {
        return dev.runbook.exec.RunOptions.defaults().host();
    }

    private static String version() {
        return dev.runbook.exec.RunOptions.defaults().toolVersion();
    }
}
