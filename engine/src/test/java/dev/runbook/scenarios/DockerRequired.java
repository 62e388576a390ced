package dev.runbook.scenarios;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips a container-backed test class when no Docker engine is reachable, and says so on the build's console
 * (surefire only counts skips), so a machine without Docker can never be mistaken for a passing SQL Server suite.
 */
public final class DockerRequired implements ExecutionCondition {
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) return ConditionEvaluationResult.enabled("Docker is available");
        String reason = "no Docker engine is reachable, so the container these tests need cannot start"
                + " (see README, SQL Server)";
        String who = context.getRequiredTestClass().getSimpleName();
        if (TOLD.add(who)) System.out.println("SKIPPED " + who + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
