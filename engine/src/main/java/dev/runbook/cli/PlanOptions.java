package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.expr.Expressions;
import dev.runbook.parse.YNode;
import dev.runbook.parse.YamlLoader;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.Plan;
import dev.runbook.plan.Planner;
import dev.runbook.validate.RunbookValidator;
import dev.runbook.validate.ValidatedRunbook;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Options shared by plan, run and history: which runbook, and how it is invoked ({@link InvocationOptions}). */
public final class PlanOptions {
    @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook YAML file.")
    public Path runbook;

    @Mixin
    public InvocationOptions invocation = new InvocationOptions();

    public Invocation invocation() {
        return invocation.invocation();
    }

    /** Validates and plans; throws InvalidInputException (exit 2) with every problem. */
    public Plan plan() {
        return plan(runbook, invocation());
    }

    static Plan plan(Path runbook, Invocation invocation) {
        Expressions expressions = new Expressions();
        ValidatedRunbook validated = new RunbookValidator(expressions).validate(runbook, runbook.toString());
        return new Planner(expressions).plan(validated, invocation);
    }

    /**
     * The plan with the rows of its {@code for_each: {query}} steps read from the targets now (read-only), or the plan
     * itself when it has none to read.
     */
    static Plan withRows(Plan plan, Path runbook, Invocation invocation) {
        if (plan.unreadRows().isEmpty()) return plan;
        return plan(runbook, invocation.withRows(dev.runbook.exec.RowReader.read(plan, invocation.environmentVariables())));
    }

    /** Validates and resolves only the targets (params no target uses may be missing); exit 2 on problems. */
    public Map<String, dev.runbook.plan.PlannedTarget> targets() {
        ValidatedRunbook validated = new RunbookValidator().validate(runbook, runbook.toString());
        return new Planner(new Expressions()).targets(validated, invocation());
    }

    static Position cli(String what) {
        return Position.of(what);
    }
}
