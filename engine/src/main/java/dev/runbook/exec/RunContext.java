package dev.runbook.exec;

import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedStep;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables expressions, templates and bind parameters read during a run: {@code params}, {@code env},
 * {@code environment}, {@code run}, {@code targets}, and {@code steps.<id>.*} as steps publish captures.
 * Owned by one run's thread.
 */
final class RunContext {
    private final Map<String, Object> base = new LinkedHashMap<>();
    private final Map<String, Object> planParams;
    private final Map<String, Object> steps = new LinkedHashMap<>();

    RunContext(Plan plan, Map<String, Object> run, Map<String, String> environmentVariables,
               Map<String, Object> targets) {
        this.planParams = Collections.unmodifiableMap(plan.paramValues());
        base.put("env", Collections.unmodifiableMap(environmentVariables));
        base.put("environment", plan.environment());
        base.put("run", Collections.unmodifiableMap(run));
        base.put("targets", Collections.unmodifiableMap(targets));
    }

    /** This run's id, as {@code run.id} reads it. */
    String runId() {
        return String.valueOf(((Map<?, ?>) base.get("run")).get("id"));
    }

    /** Variables seen by the run's own expressions (preconditions). */
    Map<String, Object> vars() {
        return vars(null, null);
    }

    /**
     * Variables seen by a step: its parameter scope as {@code params}, and for {@code expect} its own
     * captures at the top level.
     */
    Map<String, Object> vars(PlannedStep step, Map<String, Object> ownCaptures) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (ownCaptures != null) out.putAll(ownCaptures);
        out.putAll(base);
        out.put("params", step != null && step.params() != null && !step.params().isEmpty() ? step.params() : planParams);
        out.put("steps", Collections.unmodifiableMap(steps));
        if (step != null && step.item() != null) out.put("item", step.item());
        return out;
    }

    /** The same variables with more {@code params} (a library check's own parameters) laid over the scope. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withParams(Map<String, Object> vars, Map<String, ?> extra) {
        if (extra == null || extra.isEmpty()) return vars;
        Map<String, Object> params = new LinkedHashMap<>((Map<String, Object>) vars.get("params"));
        params.putAll(extra);
        Map<String, Object> out = new LinkedHashMap<>(vars);
        out.put("params", Collections.unmodifiableMap(params));
        return out;
    }

    /** Publishes a step's captures; an included step's qualified id {@code inc.inner} nests under {@code inc}. */
    @SuppressWarnings("unchecked")
    void publish(String stepId, Map<String, Object> captures) {
        String[] parts = stepId.split("\\.");
        Map<String, Object> node = steps;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = node.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                node.put(parts[i], next);
            }
            node = (Map<String, Object>) next;
        }
        Object existing = node.get(parts[parts.length - 1]);
        Map<String, Object> published = new LinkedHashMap<>();
        // An include's own node may already hold its inner steps; keep them beside the captures.
        if (existing instanceof Map<?, ?> m) published.putAll((Map<String, Object>) m);
        published.putAll(captures);
        node.put(parts[parts.length - 1], published);
    }

    /** Resolves a bind name such as {@code ticket} or {@code steps.load.count} against the variables. */
    static Object lookup(List<String> path, Map<String, Object> vars) throws StepFailure {
        Object node = vars;
        for (String part : path) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
                throw new StepFailure(FailureKind.INVALID, "no value for bind parameter :" + String.join(".", path)
                        + " (known: params, bind:, steps.<id>.<capture>)");
            }
            node = m.get(part);
        }
        return node;
    }
}
