package dev.runbook.plan;

import dev.runbook.diag.Diagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The immutable, resolved dry run: what would run, be skipped and be rolled back, for one runbook,
 * environment, parameter set and target set. Its {@code hash} is what a reviewer approves.
 */
public record Plan(int planVersion, String hash, String runbookId, String title, String owner, String description,
                   String runbookFile, String runbookChecksum, Path baseDir, String environment, boolean production,
                   String ticket, Map<String, ResolvedParam> params, Map<String, PlannedTarget> targets,
                   List<PolicyCheck> policies, List<PlannedPrecondition> preconditions, List<PlannedStep> steps,
                   List<Diagnostic> warnings, List<PlanFile> files, Duration runTimeout, List<String> secrets,
                   Map<String, List<Map<String, Object>>> rows) {

    public static final int VERSION = 1;

    /** A plan with no {@code for_each: {query}} rows. */
    public Plan(int planVersion, String hash, String runbookId, String title, String owner, String description,
                String runbookFile, String runbookChecksum, Path baseDir, String environment, boolean production,
                String ticket, Map<String, ResolvedParam> params, Map<String, PlannedTarget> targets,
                List<PolicyCheck> policies, List<PlannedPrecondition> preconditions, List<PlannedStep> steps,
                List<Diagnostic> warnings, List<PlanFile> files, Duration runTimeout, List<String> secrets) {
        this(planVersion, hash, runbookId, title, owner, description, runbookFile, runbookChecksum, baseDir, environment,
                production, ticket, params, targets, policies, preconditions, steps, warnings, files, runTimeout, secrets,
                Map.of());
    }

    /** Steps whose {@code for_each: {query}} rows are not read yet: a run reads them first ({@link RowQueries}). */
    public List<PlannedStep> unreadRows() {
        return steps.stream().filter(s -> s.item() instanceof RowQueries.Unread).toList();
    }

    /** Plain param values for expressions: name to typed value. */
    public Map<String, Object> paramValues() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    public boolean policiesSatisfied() {
        return policies.stream().allMatch(PolicyCheck::satisfied);
    }
}
