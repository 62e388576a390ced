package dev.runbook.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Carries out a runbook: the same validate and plan as {@code plan}, then the executor, then the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a runbook against its targets (or --embedded PostgreSQL): preconditions, steps, rollback.",
                "Takes each database target's run lock, journals every step in the target, writes the run folder",
                "(events.jsonl and reports). Exit codes: 0 ok, 1 failed, 2 invalid, 3 precondition not met,",
                "4 rollback failed (manual action needed), 5 target locked by another run."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Mixin
    RunSettings settings;

    @Override
    public Integer call() {
        settings.lockTimeout(spec);
        return settings.execute(spec, options.plan(), options.invocation, null);
    }
}
