package dev.runbook;

import dev.runbook.expr.Expressions;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.Plan;
import dev.runbook.plan.Planner;
import dev.runbook.validate.RunbookValidator;
import dev.runbook.validate.ValidatedRunbook;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Helpers that take a runbook file through validate and plan the way the CLI does. */
public final class TestRunbooks {
    private TestRunbooks() {}

    public static ValidatedRunbook validate(Path file) {
        return new RunbookValidator().validate(file, file.toString());
    }

    public static Plan plan(Path file, String env, Map<String, String> params, Map<String, String> environment) {
        return plan(file, new Invocation(env, params, Map.of(), null, Map.of(), false, Set.of(), null, false, "tester",
                environment));
    }

    public static Plan plan(Path file, Invocation inv) {
        return new Planner(new Expressions()).plan(validate(file), inv);
    }

    /**
     * Writes {@code folder/runbook.yaml}: one forward-only migrate step of {@code folder/migrations} on target
     * {@code app}, whose URL the test passes with {@code --target app=...}.
     */
    public static Path forwardOnlyMigrate(Path folder, String id) throws java.io.IOException {
        return java.nio.file.Files.writeString(folder.resolve("runbook.yaml"), """
                version: 1
                id: %s
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: schema
                    migrate: { locations: [migrations] }
                    no_rollback: forward-only
                """.formatted(id));
    }
}
