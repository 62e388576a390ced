package dev.runbook.cli;

import dev.runbook.diag.InvalidInputException;
import dev.runbook.exec.RunOptions;
import dev.runbook.journal.ResumeDecision;
import dev.runbook.plan.Plan;
import dev.runbook.reports.model.RunHeader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Continues a failed or interrupted run: plans the runbook again with the run's environment and params, refuses
 * when anything changed since (plan hash), skips the steps the target's journal says completed, retries the one
 * that failed or was cut off, and goes on, as a new run that names the one it resumes.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Resume a failed or interrupted run from the target's journal.",
                "Completed steps are skipped, the failed or interrupted one runs again, then the rest. Refused",
                "(exit 2) when the runbook, a file it reads, a param, the environment or a target changed since.",
                "The runbook, environment and params are read from the run folder (runs/RUN_ID) unless given;",
                "secret params must be given again. A shell, http or transaction: false step the run was cut off",
                "in (started, no outcome) may have taken effect: resume asks for --rerun STEP or --skip STEP",
                "unless the step is idempotent: true.",
                "A fleet run id (or fleet folder) resumes the fleet: only targets whose journal does not say",
                "succeeded run again (a failed run resumed where it stopped, a rolled-back one anew)."})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to resume (as printed by run, or listed by history),"
            + " or a fleet run id or fleet folder.")
    String runId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RUNBOOK",
            description = "The runbook file (default: the one the run folder names).")
    Path runbook;

    @Option(names = "--runs", paramLabel = "DIR", description = "Where run folders are (default: runs).")
    Path runs = Path.of("runs");

    @Option(names = "--rerun", paramLabel = "STEP", description = {"Run STEP again although the run died while it ran",
            "(a shell, http or transaction: false step left started without an outcome). Repeatable."})
    List<String> rerun = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "STEP", description = {"Count STEP as done: the run died while it ran and you",
            "checked that it took effect. Repeatable."})
    List<String> skip = new ArrayList<>();

    @Mixin
    InvocationOptions invocation;

    @Mixin
    RunSettings settings;

    @Override
    public Integer call() {
        settings.lockTimeout(spec);
        Path fleet = FleetResume.folder(runs, runId);
        if (fleet != null) return FleetResume.resume(spec, fleet, invocation, settings);
        Optional<RunHeader> earlier = EarlierRun.header(runs, runId);
        Path file = EarlierRun.runbook(runbook, earlier, runs, runId, "resume");
        Plan plan = PlanOptions.plan(file, EarlierRun.withEarlier(invocation.invocation(), earlier));
        if (invocation.embedded) {
            throw usage("an embedded database ends with the run that started it, so there is nothing to resume",
                    "resume runs against real targets: pass --target NAME=URL");
        }
        dev.runbook.exec.RunLocator.Found found = EarlierRun.find(plan, runId, "resume");
        plan = withJournaledRows(plan, file, EarlierRun.withEarlier(invocation.invocation(), earlier), found);
        ResumeDecision decision = ResumeDecision.decide(found.state(), plan, Set.copyOf(rerun), Set.copyOf(skip));
        if (decision instanceof ResumeDecision.Refused r) throw usage(r.reason(), null);
        if (decision instanceof ResumeDecision.FinishRollback f) {
            spec.commandLine().getOut().println("resuming run " + runId + " (" + found.where()
                    + "): it was cut off while rolling back; finishing its rollback, " + f.toCompensate().size()
                    + " completed step(s) not yet compensated; no step runs again");
            spec.commandLine().getOut().flush();
            return settings.execute(spec, plan, invocation,
                    new RunOptions.ResumePoint(runId, new HashSet<>(f.toCompensate()), java.util.Map.of(), true,
                            EarlierRun.firstDir(runs, runId)));
        }
        ResumeDecision.Resume resume = (ResumeDecision.Resume) decision;
        spec.commandLine().getOut().println("resuming run " + runId + " (" + found.where() + "): "
                + resume.completed().size() + " step(s) completed before"
                + resume.retry().map(k -> ", retrying " + k).orElse("") + ", " + resume.remaining().size() + " to run");
        spec.commandLine().getOut().flush();
        int code = settings.execute(spec, plan, invocation,
                new RunOptions.ResumePoint(runId, new HashSet<>(resume.completed()), found.state().approvals(), false,
                        EarlierRun.firstDir(runs, runId)));
        // Once this run has held the run lock, the run it resumes is certainly over: its folder may be completed.
        if (code != ExitCodes.LOCKED) InterruptedReports.render(spec, runs.resolve(runId));
        return code;
    }

    /** The plan repeated over the rows the earlier run read and journaled, never over rows read again now. */
    private static Plan withJournaledRows(Plan plan, Path file, dev.runbook.plan.Invocation inv,
                                          dev.runbook.exec.RunLocator.Found found) {
        if (plan.unreadRows().isEmpty()) return plan;
        java.util.Map<String, java.util.List<java.util.Map<String, Object>>> rows = new java.util.LinkedHashMap<>();
        for (dev.runbook.plan.PlannedStep s : plan.unreadRows()) {
            String id = ((dev.runbook.plan.RowQueries.Unread) s.item()).stepId();
            var row = found.state().item(dev.runbook.plan.RowQueries.journalKey(id));
            if (row.isEmpty() || row.get().detail() == null) {
                throw usage("run " + found.state().runId() + " journaled no rows for for_each step '" + id
                        + "', so it cannot be resumed over the same rows", "start a new run");
            }
            rows.put(id, dev.runbook.plan.RowQueries.fromJson(row.get().detail()));
        }
        return PlanOptions.plan(file, inv.withRows(rows));
    }

    private static InvalidInputException usage(String what, String hint) {
        return EarlierRun.usage("resume", what, hint);
    }
}
