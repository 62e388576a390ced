package dev.runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.GithubAnnotations;
import dev.runbook.diag.SarifLog;
import dev.runbook.validate.RunbookValidator;
import dev.runbook.validate.ValidatedRunbook;
import java.io.PrintWriter;
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

    /** How findings are printed; the exit code is the same in every format. */
    enum Format { TEXT, JSON, SARIF, GITHUB }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default, compiler style on stderr), json"
            + " (one object per file), sarif (SARIF 2.1.0 for code scanning) or github (workflow annotations"
            + " ::error file=..,line=..::). Machine formats go to stdout; the exit code is the same in every format.")
    Format format = Format.TEXT;

    @Override
    public Integer call() {
        RunbookValidator validator = new RunbookValidator();
        boolean failed = false;
        ArrayNode json = new ObjectMapper().createArrayNode();
        List<Diagnostic> all = new ArrayList<>();
        for (Path file : files) {
            ValidatedRunbook v = validator.validate(file, file.toString());
            List<Diagnostic> diags = new ArrayList<>();
            for (Diagnostic d : v.diagnostics()) diags.add(strict ? d.asError() : d);
            boolean bad = v.runbook() == null || diags.stream().anyMatch(Diagnostic::isError);
            failed |= bad;
            all.addAll(diags);
            if (format == Format.SARIF || format == Format.GITHUB) continue;
            if (format == Format.JSON) {
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
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case JSON -> out.println(json.toPrettyString());
            case SARIF -> out.println(SarifLog.of(all, VersionProvider.version()).toPrettyString());
            case GITHUB -> out.print(GithubAnnotations.of(all));
            default -> { }
        }
        spec.commandLine().getOut().flush();
        return failed ? ExitCodes.INVALID : ExitCodes.OK;
    }
}
