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
}
