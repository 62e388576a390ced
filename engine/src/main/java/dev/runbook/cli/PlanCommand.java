package dev.runbook.cli;

import dev.runbook.exec.PlanObserver;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlanJson;
import dev.runbook.plan.PlanMarkdown;
import dev.runbook.plan.PlanText;
import dev.runbook.plan.PlanView;
import dev.runbook.plan.PlanViews;
import dev.runbook.plan.SecretMasker;
import dev.runbook.reports.Format;
import dev.runbook.reports.ReportWriter;
import dev.runbook.reports.render.MarkdownSummaryRenderer;
import dev.runbook.reports.model.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The dry run: exactly what would run, be skipped and be rolled back; touches no database. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show the resolved plan (dry run): steps, exact SQL, run/skip decisions, rollbacks, policies.",
                "Connects to nothing. Preconditions are listed with their SQL and evaluated only at run time."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json, markdown, or summary (a few"
            + " lines of Markdown for $GITHUB_STEP_SUMMARY or a pull-request comment: counts and unmet policies).")
    String format = "text";

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan as JSON (with its plan hash) to FILE.")
    Path out;

    @Option(names = "--report", paramLabel = "FORMATS", split = ",",
            description = "Also write the plan as reports for the reviewer: html, json, md (the whole plan, as --format markdown),"
                    + " junit (into --report-dir).")
    List<String> reports = List.of();

    @Option(names = "--connect", description = "Also read the targets (read-only, nothing written, no lock): would each"
            + " precondition pass now (judged as run judges it; HTTP ones are not called), what each migrate step would"
            + " apply, the guards' markers, and the rows of each for_each query (every iteration shown)."
            + " A point-in-time observation.")
    boolean connect;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Folder for --report files (default: plan-report).")
    Path reportDir = Path.of("plan-report");

    /** The plan's output with what the targets say now, marked as an observation of this moment. */
    private String withObservations(String text, Plan plan, SecretMasker masker) throws IOException {
        java.time.Instant at = PlanObserver.now();
        List<PlanObserver.Observation> seen = new PlanObserver().observe(plan, System.getenv(),
                options.invocation.embeddedVersion(), masker);
        if (format.equals("json")) {
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(text);
            com.fasterxml.jackson.databind.node.ObjectNode observed = root.putObject("observed");
            observed.put("at", at.toString()).put("note", "point-in-time observation on read-only connections; the run evaluates again");
            com.fasterxml.jackson.databind.node.ArrayNode items = observed.putArray("items");
            for (PlanObserver.Observation o : seen) {
                items.addObject().put("item", o.item()).put("seen", o.seen()).put("passes_now", o.passesNow());
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        }
        StringBuilder sb = new StringBuilder(text);
        if (!text.endsWith("\n")) sb.append('\n');
        sb.append("\nObserved on the targets at ").append(at).append(" (read-only; a point in time, the run checks again)\n");
        for (PlanObserver.Observation o : seen) {
            String verdict = o.passesNow() == null ? "" : o.passesNow() ? "  [would pass now]" : "  [would FAIL now]";
            sb.append("  ").append(o.item()).append(": ").append(o.seen()).append(verdict).append('\n');
        }
        return sb.toString();
    }

    private static String summary(Plan plan, SecretMasker masker) throws IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        new MarkdownSummaryRenderer().render(PlanReport.of(plan, masker, System.getProperty("user.name"),
                java.time.Clock.systemUTC()), w);
        return w.toString();
    }

    @Override
    public Integer call() throws IOException {
        if (fleet.given()) return FleetCli.printPlan(spec, options, fleet, format, out);
        Plan plan = options.plan();
        if (connect) plan = PlanOptions.withRows(plan, options.runbook, options.invocation());
        SecretMasker masker = new SecretMasker(plan.secrets());
        PlanView view = PlanViews.of(plan, masker);
        if (format.equals("json") && !connect && out == null) {
            // Written to the output as it is made: a 10,000-step plan is 10 MB, held whole twice over before.
            PlanJson.write(plan, view, masker, spec.commandLine().getOut());
            return finish(plan, masker, view);
        }
        String text = switch (format) {
            case "json" -> PlanJson.render(plan, view, masker);
            case "markdown", "md" -> PlanMarkdown.render(view);
            case "summary" -> summary(plan, masker);
            case "text" -> PlanText.render(view, spec.commandLine().getColorScheme().ansi());
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown --format '" + format + "': expected text, json, markdown or summary");
        };
        // The saved plan is the JSON rendering; with --format json it is already made (a 10,000-step one takes 0.1 s).
        String json = format.equals("json") ? text : null;
        if (connect) text = withObservations(text, plan, masker);
        spec.commandLine().getOut().print(text);
        if (out != null) {
            Files.writeString(out, json != null ? json : PlanJson.render(plan, view, masker), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("plan saved to " + out + " (" + plan.hash() + ")");
        }
        return finish(plan, masker, view);
    }

    /** The --report files, then both streams flushed. */
    private int finish(Plan plan, SecretMasker masker, PlanView view) throws IOException {
        if (!reports.isEmpty()) {
            java.util.Set<Format> formats = java.util.EnumSet.noneOf(Format.class);
            for (String f : reports) {
                try {
                    formats.add(Format.parse(f));
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            RunReport report = PlanReport.of(plan, masker, System.getProperty("user.name"), java.time.Clock.systemUTC());
            // report.md is the whole plan (as --format markdown), not the run summary: a reviewer approves all of it.
            for (Path p : new ReportWriter().writeAll(report, reportDir, formats, PlanMarkdown.render(view))) {
                spec.commandLine().getErr().println("plan report: " + p);
            }
        }
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
