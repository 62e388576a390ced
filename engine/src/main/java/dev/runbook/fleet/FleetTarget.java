package dev.runbook.fleet;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/**
 * One target of a fleet, as its file gives it: a name (also its run folder's name), labels for waves and the
 * canary, the runbook's target overrides ({@code url} is short for the runbook's only database target), params,
 * and an optional reason to skip it. {@code at} holds the position of every key, for diagnostics.
 */
public record FleetTarget(int ordinal, String name, List<String> labels, String url, Map<String, String> targets,
                          Map<String, String> params, String skip, Map<String, Position> at) {
    public FleetTarget {
        labels = List.copyOf(labels);
        targets = Map.copyOf(targets);
        params = Map.copyOf(params);
        at = Map.copyOf(at);
    }

    /** Where a key ("name", "url", "target.app", "param.x", ...) was written, or the entry itself. */
    public Position position(String key) {
        return at.getOrDefault(key, at.get("entry"));
    }

    public boolean hasLabel(String label) {
        return labels.contains(label);
    }
}
