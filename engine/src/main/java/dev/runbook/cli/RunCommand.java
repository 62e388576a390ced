package dev.runbook.cli;

import dev.runbook.plan.Plan;
import dev.runbook.plan.SecretMasker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Carries out a runbook: the same validate and plan as {@code plan}, then the executor, then the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a runbook against its targets (or --embedded PostgreSQL): preconditions, steps, rollback.",
                "Takes each database target's run lock, journals every step in the target (connect: lazy targets",
                "at their first use; journal: elsewhere keeps a target's rows in another), writes the run folder",
                "(events.jsonl and reports). Exit codes: 0 ok, 1 failed, 2 invalid, 3 precondition not met,",
                "4 rollback failed (manual action needed), 5 target locked by another run, 6 waiting at an",
                "approval step nobody could answer (runbook approve RUN_ID STEP, then runbook resume RUN_ID).",
                "With --fleet: one run per fleet target, in waves; the exit code is the worst target's",
                "(4, then 1, 2, 6, 5, 3); the fleet folder (runs/FLEET_RUN_ID) holds fleet.json and the fleet report."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Mixin
    RunSettings settings;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--plan", paramLabel = "PLAN_JSON",
            description = "Run only if the plan made now is the one saved with plan --out (same hash); otherwise exit 2 and say what changed.")
    Path approvedPlan;

    @Override
    public Integer call() {
        settings.lockTimeout(spec);
        if (fleet.given()) return FleetCli.run(spec, options, settings, fleet, approvedPlan);
        Plan plan = PlanOptions.withRows(options.plan(), options.runbook, options.invocation());
        String approved = null;
        if (approvedPlan != null) {
            SavedPlan saved = SavedPlan.read(approvedPlan);
            List<String> changes = saved.differences(plan, new SecretMasker(plan.secrets()));
            if (!changes.isEmpty() || !saved.hash().equals(plan.hash())) {
                throw SavedPlan.problem(approvedPlan, "the plan changed since it was saved (" + saved.hash() + ", now "
                        + plan.hash() + "):\n  " + String.join("\n  ", changes),
                        "review the change, save the plan again (runbook plan ... --out) and have it approved");
            }
            approved = approvedPlan + " (" + saved.hash() + ")";
        }
        return settings.execute(spec, plan, options.invocation, null, approved);
    }
}
