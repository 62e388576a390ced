package dev.runbook.cli;

import dev.runbook.plan.Plan;
import dev.runbook.plan.PlanJson;
import dev.runbook.plan.PlanMarkdown;
import dev.runbook.plan.PlanText;
import dev.runbook.plan.SecretMasker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or markdown.")
    String format = "text";

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan as JSON (with its plan hash) to FILE.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Plan plan = options.plan();
        SecretMasker masker = new SecretMasker(plan.secrets());
        String text = switch (format) {
            case "json" -> PlanJson.render(plan, masker);
            case "markdown", "md" -> PlanMarkdown.render(plan, masker);
            case "text" -> PlanText.render(plan, masker, spec.commandLine().getColorScheme().ansi());
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown --format '" + format + "': expected text, json or markdown");
        };
        spec.commandLine().getOut().print(text);
        if (out != null) {
            Files.writeString(out, PlanJson.render(plan, masker), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("plan saved to " + out + " (" + plan.hash() + ")");
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
