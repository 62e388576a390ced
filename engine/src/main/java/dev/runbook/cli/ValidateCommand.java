package dev.runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.diag.Diagnostic;
import dev.runbook.validate.RunbookValidator;
import dev.runbook.validate.ValidatedRunbook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks runbooks without running or connecting to anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check runbooks: YAML, schema, references, files, expressions, lint.",
                "Connects to nothing and runs nothing. Exit 0 when valid, 2 when not."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUNBOOK", description = "Runbook YAML files.")
    List<Path> files;

    @Option(names = "--strict", description = "Treat warnings (lint) as errors, for CI.")
    boolean strict;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Override
    public Integer call() {
        RunbookValidator validator = new RunbookValidator();
        boolean failed = false;
        ArrayNode json = new ObjectMapper().createArrayNode();
        for (Path file : files) {
            ValidatedRunbook v = validator.validate(file, file.toString());
            List<Diagnostic> diags = new ArrayList<>();
            for (Diagnostic d : v.diagnostics()) diags.add(strict ? d.asError() : d);
            boolean bad = v.runbook() == null || diags.stream().anyMatch(Diagnostic::isError);
            failed |= bad;
            if (format.equals("json")) {
                ObjectNode o = json.addObject().put("file", file.toString()).put("valid", !bad);
                ArrayNode ds = o.putArray("diagnostics");
                for (Diagnostic d : diags) {
                    ds.addObject().put("severity", d.severity().label()).put("code", d.code())
                            .put("file", d.position().file()).put("line", d.position().line())
                            .put("column", d.position().column()).put("message", d.message()).put("hint", d.hint());
                }
            } else {
                Output.printDiagnostics(spec.commandLine().getErr(), diags, spec.commandLine().getColorScheme().ansi());
                // Diagnostics first, then the verdict, also when both streams share one terminal.
                spec.commandLine().getErr().flush();
                if (!bad) {
                    spec.commandLine().getOut().println("ok: " + file + " (" + v.runbook().steps().size() + " steps"
                            + (diags.isEmpty() ? "" : ", " + diags.size() + " warning(s)") + ")");
                }
            }
        }
        if (format.equals("json")) spec.commandLine().getOut().println(json.toPrettyString());
        spec.commandLine().getOut().flush();
        return failed ? ExitCodes.INVALID : ExitCodes.OK;
    }
}
