package dev.runbook.plan;

import java.util.Map;
import java.util.Set;

/**
 * What the operator asked for on the command line: environment, params, target overrides and the
 * gates they claim to satisfy. {@code environmentVariables} is the process environment (tests pass their own).
 */
public record Invocation(String environment, Map<String, String> params, Map<String, String> paramsFromFile,
                         String paramsFileName, Map<String, String> targetOverrides, boolean embedded,
                         Set<String> approvals, String reason, boolean maintenanceWindow, String operator,
                         Map<String, String> environmentVariables) {

    public static Invocation of(String environment, Map<String, String> params) {
        return new Invocation(environment, params, Map.of(), null, Map.of(), false, Set.of(), null, false,
                System.getProperty("user.name"), System.getenv());
    }

    public boolean approved(String stepId) {
        return approvals.contains(stepId) || (approvals.contains("all") && reason != null && !reason.isBlank());
    }
}
