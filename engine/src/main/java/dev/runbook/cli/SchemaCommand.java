package dev.runbook.cli;

import dev.runbook.validate.SchemaValidator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints one of the published JSON Schemas (the files in dsl-schema/), for editors and CI. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print a published JSON Schema (draft 2020-12), by default the runbook DSL's.",
                "Also an include fragment's, a saved plan's (plan --format json), a run report's (report.json) or its"
                        + " event log's (events.jsonl)."})
final class SchemaCommand implements Callable<Integer> {
    /** The published schemas, each a file in dsl-schema/. */
    enum Kind { RUNBOOK, FRAGMENT, PLAN, REPORT, EVENTS }

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", paramLabel = "KIND", description = "runbook (default), fragment, plan, report or events.")
    Kind kind = Kind.RUNBOOK;

    @Override
    public Integer call() {
        String file = kind.name().toLowerCase(Locale.ROOT) + ".schema.json";
        spec.commandLine().getOut().print(SchemaValidator.schemaText("/dev/runbook/schema/" + file));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
