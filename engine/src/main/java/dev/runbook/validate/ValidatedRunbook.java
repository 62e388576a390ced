package dev.runbook.validate;

import dev.runbook.diag.Diagnostic;
import dev.runbook.model.Runbook;
import dev.runbook.parse.SourceSet;
import java.util.List;
import java.util.Map;

/**
 * The outcome of validation: the model (null when it could not be built), every finding, sorted, and the
 * files read to get there ({@code sources}), which the planner uses instead of reading them again.
 */
public record ValidatedRunbook(Runbook runbook, Map<String, Fragment> fragments, List<Diagnostic> diagnostics,
                               SourceSet sources) {
    public boolean hasErrors() {
        return runbook == null || diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return diagnostics.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return diagnostics.stream().filter(d -> !d.isError()).count();
    }
}
