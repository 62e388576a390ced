package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestRunbooks;
import dev.runbook.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludePlanTest {
    private static final String FRAGMENT = """
            params:
              service: { type: string, required: true }
            steps:
              - id: ping
                http: { url: "http://localhost:1/${params.service}/health" }
              - id: mark
                sql: UPDATE app_settings SET value = 'x' WHERE key = 'k'
                rollback: { sql: UPDATE app_settings SET value = 'y' WHERE key = 'k' }
              - id: own-policy
                on_failure: abort
                sql: SELECT 1
            """;

    private static Path runbook(Path dir, String includeOptions) throws IOException {
        Files.writeString(dir.resolve("fragment.yaml"), FRAGMENT);
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: include-options
                params:
                  service: { type: string, default: from-runbook }
                  smoke: { type: boolean, default: false }
                targets:
                  db: { engine: postgresql, url: "postgresql://h/db" }
                  api: { engine: http, url: "http://localhost:1" }
                steps:
                  - id: checks
                %s    include: { file: fragment.yaml, params: { service: billing } }
                """.formatted(includeOptions));
        return dir.resolve("runbook.yaml");
    }

    @Test
    void aFalseWhenOnTheIncludeSkipsEveryIncludedStepAndSaysWhy(@TempDir Path dir) throws IOException {
        Plan plan = TestRunbooks.plan(runbook(dir, "    when: params.smoke\n"), null, Map.of(), Map.of());
        assertEquals(3, plan.steps().size());
        for (PlannedStep s : plan.steps()) {
            Decision.Skip skip = assertInstanceOf(Decision.Skip.class, s.decision(), s.id());
            assertEquals("include 'checks' skipped: when: params.smoke is false", skip.reason());
        }
        Plan on = TestRunbooks.plan(runbook(dir, "    when: params.smoke\n"), null, Map.of("smoke", "true"), Map.of());
        assertInstanceOf(Decision.Run.class, on.steps().get(0).decision());
    }

    @Test
    void includedStepsTakeTheIncludesOptionsUnlessTheySetTheirOwn(@TempDir Path dir) throws IOException {
        Plan plan = TestRunbooks.plan(runbook(dir, "    on_failure: continue\n    timeout: 45s\n    destructive: true\n"),
                null, Map.of(), Map.of());
        assertEquals("continue", plan.steps().get(0).onFailure().word());
        assertEquals(java.time.Duration.ofSeconds(45), plan.steps().get(1).timeout());
        assertTrue(plan.steps().get(1).destructive());
        assertEquals("abort", plan.steps().get(2).onFailure().word(), "the included step's own on_failure wins");
    }

    @Test
    void previewsOfIncludedStepsUseTheIncludesParamsNotTheRunbooks(@TempDir Path dir) throws IOException {
        Plan plan = TestRunbooks.plan(runbook(dir, ""), null, Map.of(), Map.of());
        PlannedAction.Http ping = (PlannedAction.Http) plan.steps().get(0).action();
        assertEquals("GET http://localhost:1/billing/health", ping.preview());
    }

    @Test
    void optionsThatBelongToOneStepAreRefusedOnAnInclude(@TempDir Path dir) throws IOException {
        Path rb = runbook(dir, "    once: true\n    rollback: { sql: SELECT 1 }\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(rb, null, Map.of(), Map.of()));
        String all = e.getMessage() + e.diagnostics();
        assertTrue(all.contains("RB222") && all.contains("cannot take once, rollback"), all);
    }

    @Test
    void anIncludeWhenThatWaitsForTheRunIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("fragment.yaml"), FRAGMENT);
        Path rb = runbook(dir, "    when: steps.first.count > 0\n").resolveSibling("runbook.yaml");
        String text = Files.readString(rb).replace("steps:\n", "steps:\n  - id: first\n    sql: SELECT 1\n");
        Files.writeString(rb, text);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(rb, null, Map.of(), Map.of()));
        assertTrue(e.diagnostics().toString().contains("RB223"), e.diagnostics().toString());
    }
}
