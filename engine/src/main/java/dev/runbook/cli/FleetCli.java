package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.fleet.ErrorBudget;
import dev.runbook.fleet.FleetIndex;
import dev.runbook.fleet.FleetPlan;
import dev.runbook.fleet.FleetPlanner;
import dev.runbook.fleet.FleetReportWriter;
import dev.runbook.fleet.FleetRunner;
import dev.runbook.fleet.FleetTarget;
import dev.runbook.fleet.TargetPlan;
import dev.runbook.fleet.TargetStatus;
import dev.runbook.fleet.Wave;
import dev.runbook.exec.RunOptions;
import dev.runbook.plan.Plan;
import dev.runbook.plan.ResolvedParam;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** The command line's side of fleets: plan --fleet, run --fleet and the fleet part of resume. */
final class FleetCli {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private FleetCli() {}

    static FleetPlan plan(CommandSpec spec, PlanOptions options, FleetOptions fleet) {
        if (options.invocation.embedded) {
            throw usage("--embedded cannot be used with --fleet: each fleet target is a database of its own",
                    "give each target's URL in the fleet file (url: or targets:)");
        }
        return new FleetPlanner().plan(options.runbook, options.invocation(), fleet.read(), fleet.rollout(spec));
    }

    /** {@code plan --fleet}: the waves, each target's plan hash, the fleet hash; saved as JSON with --out. */
    static int printPlan(CommandSpec spec, PlanOptions options, FleetOptions fleet, String format, Path out)
            throws IOException {
        FleetPlan plan = plan(spec, options, fleet);
        PrintWriter w = spec.commandLine().getOut();
        String json = SavedFleetPlan.render(plan);
        if (format.equals("json")) {
            w.print(json);
        } else {
            ErrorBudget budget = ErrorBudget.parse(plan.rollout().maxErrors(), plan.inShard().size());
            w.println("fleet plan of " + plan.runbookId() + " (" + plan.runbookFile() + ") over " + plan.fleetFile() + ": "
                    + plan.targets().size() + " targets in " + plan.waves().size() + " wave(s)"
                    + (plan.rollout().shard().isWhole() ? "" : ", shard " + plan.rollout().shard() + " runs "
                    + plan.inShard().size() + " of them"));
            w.println("environment: " + plan.environment());
            w.println("rollout: " + plan.rollout().describe() + " (allows " + budget.allowed() + " failure(s))");
            w.println("fleet hash: " + plan.hash());
            for (Wave wave : plan.waves()) {
                w.println();
                w.println(wave.name() + " (" + wave.targets().size() + " target(s))"
                        + (wave.isCanary() ? ": must all succeed before any other target starts" : ""));
                for (FleetTarget t : wave.targets()) {
                    TargetPlan tp = plan.target(t.name());
                    String shard = plan.rollout().shard().contains(t.name()) ? "" : "  [other shard]";
                    w.println("  " + t.name() + "  " + (tp.skipped() ? "skipped: " + t.skip() : tp.planHash()) + "  "
                            + tp.connections().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .reduce((a, b) -> a + " " + b).orElse("") + shard);
                }
            }
        }
        if (out != null) {
            Files.writeString(out, json, StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("fleet plan saved to " + out + " (" + plan.hash() + ")");
        }
        w.flush();
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
    }

    /** {@code run --fleet}: plans every target, checks a saved fleet plan, runs the waves, writes the fleet report. */
    static int run(CommandSpec spec, PlanOptions options, RunSettings settings, FleetOptions fleet, Path approvedPlan) {
        RunOptions base = settings.forFleet(spec, options.invocation);
        FleetPlan plan = plan(spec, options, fleet);
        if (approvedPlan != null) {
            List<String> changes = SavedFleetPlan.differences(approvedPlan, plan);
            if (!changes.isEmpty() || !SavedFleetPlan.hash(approvedPlan).equals(plan.hash())) {
                throw SavedPlan.problem(approvedPlan, "the fleet changed since its plan was saved ("
                        + SavedFleetPlan.hash(approvedPlan) + ", now " + plan.hash() + "):\n  " + String.join("\n  ", changes),
                        "review the change, save the fleet plan again (runbook plan ... --fleet FILE --out) and have it approved");
            }
            base = base.withApprovedPlan(approvedPlan + " (" + plan.hash() + ")");
        }
        Clock clock = Clock.systemUTC();
        String id = "fleet-" + ID.format(clock.instant()) + "-" + String.format("%04x", new SecureRandom().nextInt(0x10000));
        Path dir = settings.out != null ? settings.out : Path.of("runs").resolve(id);
        if (Files.exists(dir.resolve(FleetIndex.FILE))) {
            throw usage("the folder " + dir + " already holds a fleet run", "choose another --out, or resume that fleet run");
        }
        ErrorBudget budget = ErrorBudget.parse(plan.rollout().maxErrors(), plan.inShard().size());
        FleetIndex index = FleetIndex.start(plan, id, shownParams(plan, options.invocation.params),
                fleet.settings(plan.rollout(), budget.allowed()), clock.instant().toString());
        return execute(spec, settings, plan, index, dir, base, Map.of(), budget);
    }

    /** Runs the index's pending targets with progress and signals handled, then writes and names the fleet report. */
    static int execute(CommandSpec spec, RunSettings settings, FleetPlan plan, FleetIndex index, Path dir, RunOptions base,
                       Map<String, RunOptions.ResumePoint> resumes, ErrorBudget budget) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TerminalProgress.Mode mode = settings.quiet ? TerminalProgress.Mode.QUIET
                : System.console() != null ? TerminalProgress.Mode.LIVE : TerminalProgress.Mode.PLAIN;
        out.println("fleet run " + index.fleetRunId() + ": " + index.targets().size() + " target(s), "
                + plan.rollout().describe());
        out.flush();
        FleetIndex done;
        try (FleetTerminal terminal = new FleetTerminal(out, err, mode, budget, 0)) {
            FleetRunner runner = new FleetRunner(plan, index, dir, base, terminal, Clock.systemUTC());
            try (SignalTrap trap = SignalTrap.install(() -> runner.stop("interrupted by a signal (Ctrl-C or SIGTERM)"),
                    () -> runner.stop("interrupted again by a signal"))) {
                done = runner.run(resumes);
            }
        }
        List<Path> reports;
        try {
            reports = FleetReportWriter.write(done, dir, dir);
        } catch (IOException e) {
            err.println("runbook: the fleet report could not be written: " + e.getMessage());
            reports = List.of();
        }
        printSummary(spec, done, dir, reports);
        return done.exitCode();
    }

    static void printSummary(CommandSpec spec, FleetIndex done, Path dir, List<Path> reports) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<TargetStatus, Integer> counts = new java.util.EnumMap<>(TargetStatus.class);
        for (FleetIndex.Entry e : done.targets()) counts.merge(e.status(), 1, Integer::sum);
        StringBuilder line = new StringBuilder();
        counts.forEach((s, n) -> line.append(", ").append(n).append(' ').append(s.word().replace('_', ' ')));
        String word = done.exitCode() == 0 && !counts.containsKey(TargetStatus.NOT_STARTED) ? "fleet succeeded" : "fleet FAILED";
        (done.exitCode() == 0 ? out : err).println(word + " (exit " + done.exitCode() + "): " + done.targets().size()
                + " target(s)" + line + (done.stopped() == null ? "" : "; " + done.stopped()));
        err.flush();
        out.println("fleet run id: " + done.fleetRunId());
        out.println("fleet folder: " + dir);
        for (Path p : reports) out.println("fleet report: " + p);
        out.flush();
    }

    /** The command line's params as the index keeps them: secret ones masked (resume asks for them again). */
    static Map<String, String> shownParams(FleetPlan plan, Map<String, String> given) {
        Plan any = plan.targets().stream().map(TargetPlan::plan).filter(p -> p != null).findFirst().orElse(null);
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            ResolvedParam p = any == null ? null : any.params().get(k);
            out.put(k, p != null && p.secret() ? dev.runbook.plan.SecretMasker.MASK : v);
        });
        return out;
    }

    static InvalidInputException usage(String what, String hint) {
        return InvalidInputException.of(Diagnostic.error("RB804", Position.of("--fleet"), what, hint));
    }
}
