package dev.runbook.validate;

import dev.runbook.diag.Diagnostic;
import dev.runbook.model.Runbook;
import java.util.List;
import java.util.Map;

/** The outcome of validation: the model (null when it could not be built) and every finding, sorted. */
public record ValidatedRunbook(Runbook runbook, Map<String, Fragment> fragments, List<Diagnostic> diagnostics) {
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
