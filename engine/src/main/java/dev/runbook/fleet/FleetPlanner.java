package dev.runbook.fleet;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.expr.Expressions;
import dev.runbook.model.Runbook;
import dev.runbook.model.Target;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.Planner;
import dev.runbook.validate.RunbookValidator;
import dev.runbook.validate.ValidatedRunbook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a runbook once per fleet target: validates the runbook once, checks each target's overrides and params
 * against it (positioned in the fleet file), then plans with the command line's invocation under the target's own
 * overrides and params. Every problem of every target is reported together (exit 2), before anything runs.
 */
public final class FleetPlanner {
    private final Expressions expressions = new Expressions();

    public FleetPlan plan(Path runbook, Invocation base, Fleet fleet, Rollout rollout) {
        ValidatedRunbook validated = new RunbookValidator(expressions).validate(runbook, runbook.toString());
        if (validated.hasErrors()) throw new InvalidInputException(validated.diagnostics());
        Runbook rb = validated.runbook();
        List<String> databases = rb.targets().values().stream().filter(t -> t instanceof Target.Database)
                .map(Target::name).toList();
        List<Diagnostic> problems = new ArrayList<>();
        Planner planner = new Planner(expressions);
        List<Wave> waves = Waves.of(fleet, rollout.canary(), rollout.waves());
        Map<String, String> waveOf = new LinkedHashMap<>();
        for (Wave w : waves) for (FleetTarget t : w.targets()) waveOf.put(t.name(), w.name());
        List<TargetPlan> plans = new ArrayList<>();
        for (FleetTarget t : fleet.targets()) {
            Map<String, String> overrides = new LinkedHashMap<>(base.targetOverrides());
            boolean ok = overrides(t, rb, databases, overrides, problems);
            for (String p : t.params().keySet()) {
                if (!rb.params().containsKey(p)) {
                    problems.add(Diagnostic.error("RB803", t.position("param." + p), "unknown param '" + p + "' for target '"
                            + t.name() + "'", "the runbook's params: " + String.join(", ", rb.params().keySet())));
                    ok = false;
                }
            }
            if (!ok) continue;
            if (t.skip() != null) {
                plans.add(new TargetPlan(t, waveOf.get(t.name()), null, Map.of()));
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>(base.params());
            params.putAll(t.params());
            Invocation inv = new Invocation(base.environment(), params, base.paramsFromFile(), base.paramsFileName(),
                    overrides, base.embedded(), base.approvals(), base.reason(), base.maintenanceWindow(), base.operator(),
                    base.environmentVariables());
            try {
                Plan plan = planner.plan(validated, inv);
                Map<String, String> shown = new LinkedHashMap<>();
                for (PlannedTarget pt : plan.targets().values()) shown.put(pt.name(), pt.display());
                plans.add(new TargetPlan(t, waveOf.get(t.name()), plan, shown));
            } catch (InvalidInputException e) {
                for (Diagnostic d : e.diagnostics()) {
                    if (!d.isError()) continue;
                    problems.add(new Diagnostic(d.severity(), d.code(), t.position("entry"), "target '" + t.name() + "': "
                            + d.message() + " (" + d.position() + ")", d.hint()));
                }
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems.stream().sorted().toList());
        return new FleetPlan(rb.id(), runbook.toString(), base.environment(), fleet.file(), rollout, waves, plans,
                FleetPlan.hash(rb.id(), base.environment(), rollout, plans));
    }

    /** Adds the target's overrides ({@code url} to the runbook's only database target); false on a problem. */
    private static boolean overrides(FleetTarget t, Runbook rb, List<String> databases, Map<String, String> into,
                                     List<Diagnostic> problems) {
        boolean ok = true;
        if (t.url() != null) {
            if (databases.size() == 1) {
                into.put(databases.get(0), t.url());
            } else {
                problems.add(Diagnostic.error("RB803", t.position("url"), "'url' needs a runbook with one database target;"
                        + " this one has " + databases.size() + (databases.isEmpty() ? "" : " (" + String.join(", ", databases) + ")"),
                        "name the target: targets: {" + (databases.isEmpty() ? "NAME" : databases.get(0)) + ": URL}"));
                ok = false;
            }
        }
        for (Map.Entry<String, String> o : t.targets().entrySet()) {
            if (!rb.targets().containsKey(o.getKey())) {
                problems.add(Diagnostic.error("RB803", t.position("target." + o.getKey()), "unknown target '" + o.getKey()
                        + "' for fleet target '" + t.name() + "'", "the runbook's targets: " + String.join(", ", rb.targets().keySet())));
                ok = false;
            } else {
                into.put(o.getKey(), o.getValue());
            }
        }
        return ok;
    }
}
