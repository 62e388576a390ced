package dev.runbook.cli;

import dev.runbook.validate.SchemaValidator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the JSON Schema of the DSL, for editors and CI. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the runbook JSON Schema (DSL version 1).")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(SchemaValidator.schemaText());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
