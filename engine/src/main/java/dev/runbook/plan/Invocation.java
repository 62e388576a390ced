package dev.runbook.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the operator asked for on the command line: environment, params, target overrides and the
 * gates they claim to satisfy. {@code environmentVariables} is the process environment (tests pass their own).
 * {@code rows}: the rows each {@code for_each: {query}} step repeats over, by step id, once they were read from
 * the target (or from the journal of the run being resumed); a step without them is planned unexpanded.
 */
public record Invocation(String environment, Map<String, String> params, Map<String, String> paramsFromFile,
                         String paramsFileName, Map<String, String> targetOverrides, boolean embedded,
                         Set<String> approvals, String reason, boolean maintenanceWindow, String operator,
                         Map<String, String> environmentVariables, Map<String, List<Map<String, Object>>> rows) {

    public Invocation(String environment, Map<String, String> params, Map<String, String> paramsFromFile,
                      String paramsFileName, Map<String, String> targetOverrides, boolean embedded,
                      Set<String> approvals, String reason, boolean maintenanceWindow, String operator,
                      Map<String, String> environmentVariables) {
        this(environment, params, paramsFromFile, paramsFileName, targetOverrides, embedded, approvals, reason,
                maintenanceWindow, operator, environmentVariables, Map.of());
    }

    /** The same invocation with the rows of its query for_each steps. */
    public Invocation withRows(Map<String, List<Map<String, Object>>> read) {
        return new Invocation(environment, params, paramsFromFile, paramsFileName, targetOverrides, embedded, approvals,
                reason, maintenanceWindow, operator, environmentVariables, Map.copyOf(read));
    }

    public static Invocation of(String environment, Map<String, String> params) {
        return new Invocation(environment, params, Map.of(), null, Map.of(), false, Set.of(), null, false,
                System.getProperty("user.name"), System.getenv());
    }

    public boolean approved(String stepId) {
        return approvals.contains(stepId) || (approvals.contains("all") && reason != null && !reason.isBlank());
    }
}
