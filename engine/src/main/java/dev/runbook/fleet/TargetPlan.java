package dev.runbook.fleet;

import dev.runbook.plan.Plan;
import java.util.Map;

/**
 * One fleet target's wave and plan ({@code null} for a skipped target), with its connections as shown to people
 * (passwords masked).
 */
public record TargetPlan(FleetTarget target, String wave, Plan plan, Map<String, String> connections) {
    public TargetPlan {
        connections = Map.copyOf(connections);
    }

    public String name() {
        return target.name();
    }

    public boolean skipped() {
        return target.skip() != null;
    }

    public String planHash() {
        return plan == null ? null : plan.hash();
    }
}
