package dev.runbook.plan;

import dev.runbook.diag.Diagnostics;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.model.EnvironmentPolicy;
import dev.runbook.model.Expr;
import dev.runbook.model.Runbook;
import dev.runbook.model.Template;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is known at plan time (params, environment variables, the environment's name) and the
 * evaluations that may use only that. Anything reading {@code steps.*} or {@code run.*} waits for the run.
 */
final class PlanContext {
    private static final Set<String> RUN_TIME_ROOTS = Set.of("steps", "run", "targets");

    private final Expressions expressions;
    private final Map<String, Object> paramValues;
    private final Map<String, Object> vars;

    PlanContext(Runbook rb, Invocation inv, EnvironmentPolicy env, Map<String, ResolvedParam> params, Expressions expressions) {
        this.expressions = expressions;
        Map<String, Object> values = new LinkedHashMap<>();
        params.forEach((k, v) -> values.put(k, v.value()));
        this.paramValues = java.util.Collections.unmodifiableMap(values);
        Map<String, Object> v = new HashMap<>();
        v.put("params", paramValues);
        v.put("env", inv.environmentVariables());
        v.put("environment", inv.environment() == null ? "" : inv.environment());
        this.vars = java.util.Collections.unmodifiableMap(v);
    }

    Map<String, Object> vars() {
        return vars;
    }

    Map<String, Object> paramValues() {
        return paramValues;
    }

    private Map<String, Object> withParams(Map<String, Object> scope) {
        return withScope(scope, null);
    }

    /** The variables a step sees: its params scope, and its {@code for_each} item when it has one. */
    Map<String, Object> withScope(Map<String, Object> scope, Object item) {
        Map<String, Object> v = new HashMap<>(vars);
        v.put("params", scope);
        if (item != null) v.put("item", item);
        return v;
    }

    /** Interpolates with these params in place of the runbook's (an included step's own). */
    String interpolate(Template t, Map<String, Object> scope, Diagnostics d) {
        if (t == null) return null;
        try {
            return expressions.interpolate(t.raw(), withParams(scope));
        } catch (ExpressionException e) {
            d.error("RB409", t.pos(), e.getMessage(), null);
            return null;
        }
    }

    /** Interpolates with these params and a for_each item (an include's params, per iteration). */
    String interpolate(Template t, Map<String, Object> scope, Object item, Diagnostics d) {
        if (t == null) return null;
        try {
            return expressions.interpolate(t.raw(), withScope(scope, item));
        } catch (ExpressionException e) {
            d.error("RB409", t.pos(), e.getMessage(), null);
            return null;
        }
    }

    String interpolate(Template t, Diagnostics d) {
        if (t == null) return null;
        try {
            return expressions.interpolate(t.raw(), vars);
        } catch (ExpressionException e) {
            d.error("RB409", t.pos(), e.getMessage(), null);
            return null;
        }
    }

    /**
     * A library check's params, each a template resolved now (validation refuses one that reads the run, RB232): the
     * values the plan shows are the values bound.
     */
    Map<String, String> resolveParams(Map<String, String> given, Map<String, Object> scope, Object item,
                                      dev.runbook.diag.Position at, Diagnostics d) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String v = e.getValue();
            if (v != null && v.contains("${")) {
                try {
                    v = expressions.interpolate(v, withScope(scope, item));
                } catch (ExpressionException ex) {
                    d.error("RB409", at, "library check param '" + e.getKey() + "': " + ex.getMessage(), null);
                }
            }
            out.put(e.getKey(), v);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The template as far as it can be resolved now with these params; parts that need the run stay as written. */
    String preview(Template t, Map<String, Object> scope) {
        return preview(t, scope, null);
    }

    String preview(Template t, Map<String, Object> scope, Object item) {
        if (t == null) return "";
        if (t.isConstant()) return t.raw();
        try {
            if (readsRunTime(expressions.templateVariables(t.raw()))) return t.raw();
            return expressions.interpolate(t.raw(), withScope(scope, item));
        } catch (ExpressionException e) {
            return t.raw();
        }
    }

    Decision decide(Expr when, Map<String, Object> scope, Diagnostics d) {
        return decide(when, scope, null, d);
    }

    Decision decide(Expr when, Map<String, Object> scope, Object item, Diagnostics d) {
        if (when == null) return new Decision.Run();
        try {
            if (readsRunTime(expressions.variables(when.source()))) return new Decision.AtRunTime(when.source());
            return expressions.test(when.source(), withScope(scope, item)) ? new Decision.Run()
                    : new Decision.Skip("when: " + when.source() + " is false");
        } catch (ExpressionException e) {
            d.error("RB410", when.pos(), "when: " + e.getMessage(), null);
            return new Decision.Run();
        }
    }

    /** Evaluates an expression that must be known when planning (for_each, quoted placeholders' bind:). */
    Object evaluate(Expr e, Map<String, Object> scope, Object item) throws ExpressionException {
        return expressions.evaluate(e.source(), withScope(scope, item));
    }

    /** Whether an expression reads what only the run knows (steps.*, run.*, targets.*). */
    boolean readsRunTime(Expr e) {
        try {
            return readsRunTime(expressions.variables(e.source()));
        } catch (ExpressionException ex) {
            return false;
        }
    }

    private static boolean readsRunTime(Set<List<String>> variables) {
        return variables.stream().anyMatch(p -> RUN_TIME_ROOTS.contains(p.get(0)));
    }
}
