package dev.runbook.cli;

import dev.runbook.exec.RunOptions;
import dev.runbook.fleet.ErrorBudget;
import dev.runbook.fleet.FleetFile;
import dev.runbook.fleet.FleetIndex;
import dev.runbook.fleet.FleetPlan;
import dev.runbook.fleet.FleetPlanner;
import dev.runbook.fleet.FleetResumption;
import dev.runbook.fleet.Rollout;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.SecretMasker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resume FLEET_RUN_ID}: plans the fleet again as its index names it (refused when the fleet hash changed),
 * then runs again what {@link FleetResumption} says did not succeed, in the same fleet folder.
 */
final class FleetResume {
    private FleetResume() {}

    /** The fleet folder the id names ({@code runs/ID}, or the id as a path), or null when it is not a fleet run. */
    static Path folder(Path runs, String id) {
        for (Path p : List.of(runs.resolve(id), Path.of(id))) {
            if (Files.isRegularFile(p.resolve(FleetIndex.FILE))) return p;
        }
        return null;
    }

    static int resume(CommandSpec spec, Path dir, InvocationOptions given, RunSettings settings) {
        FleetIndex index;
        try {
            index = FleetIndex.read(dir);
        } catch (IOException e) {
            throw FleetCli.usage("cannot read the fleet index " + dir.resolve(FleetIndex.FILE) + ": " + e.getMessage(), null);
        }
        if (given.embedded) throw FleetCli.usage("--embedded cannot be used with a fleet", null);
        RunOptions base = settings.forFleet(spec, given);
        Invocation now = given.invocation();
        Map<String, String> params = new LinkedHashMap<>();
        index.params().forEach((k, v) -> {
            if (!SecretMasker.MASK.equals(v)) params.put(k, v);
        });
        params.putAll(now.params());
        Invocation inv = new Invocation(now.environment() != null ? now.environment() : index.environment(), params,
                now.paramsFromFile(), now.paramsFileName(), now.targetOverrides(), false, now.approvals(), now.reason(),
                now.maintenanceWindow(), now.operator(), now.environmentVariables());
        Rollout rollout = FleetOptions.rollout(index.settings(), index.shard());
        FleetPlan plan = new FleetPlanner().plan(Path.of(index.runbookFile()), inv, FleetFile.read(Path.of(index.fleetFile())),
                rollout);
        if (!plan.hash().equals(index.fleetHash())) {
            throw FleetCli.usage("cannot resume fleet run " + index.fleetRunId() + ": the runbook, the fleet file, a param"
                    + " or the environment changed since it ran (fleet hash " + index.fleetHash() + ", now " + plan.hash() + ")",
                    "resume with everything as it was, or start a new fleet run");
        }
        FleetResumption r = FleetResumption.of(index, plan, java.time.Instant.now().toString());
        spec.commandLine().getOut().println("resuming fleet run " + index.fleetRunId() + ": " + r.toRun() + " of "
                + index.targets().size() + " target(s) to run (" + r.resumes().size() + " resumed where they stopped)");
        ErrorBudget budget = ErrorBudget.parse(rollout.maxErrors(), plan.inShard().size());
        return FleetCli.execute(spec, settings, plan, r.index(), dir, base, r.resumes(), budget);
    }
}
