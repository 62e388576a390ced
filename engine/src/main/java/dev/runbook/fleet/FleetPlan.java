package dev.runbook.fleet;

import dev.runbook.text.Hashes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable plan of a fleet run: the waves, every target's plan, and one fleet hash over the rollout settings
 * and each target's name, wave, plan hash and connections, which is what a reviewer approves.
 */
public record FleetPlan(String runbookId, String runbookFile, String environment, String fleetFile, Rollout rollout,
                        List<Wave> waves, List<TargetPlan> targets, String hash) {
    public static final int VERSION = 1;

    public FleetPlan {
        waves = List.copyOf(waves);
        targets = List.copyOf(targets);
    }

    static String hash(String runbookId, String environment, Rollout rollout, List<TargetPlan> targets) {
        StringBuilder sb = new StringBuilder("fleet-plan ").append(VERSION).append('\n');
        sb.append("runbook ").append(runbookId).append('\n');
        sb.append("environment ").append(environment).append('\n');
        sb.append("rollout ").append(rollout.describe()).append('\n');
        for (TargetPlan t : targets) sb.append(line(t)).append('\n');
        return "sha256:" + Hashes.sha256(sb.toString());
    }

    /** What the fleet hash takes from one target; also how a changed target is named when the hash differs. */
    static String line(TargetPlan t) {
        return "target " + t.name() + " wave=" + t.wave() + " plan=" + (t.skipped() ? "skipped: " + t.target().skip()
                : t.planHash()) + " connections=" + new TreeMap<>(t.connections());
    }

    /** The targets this invocation runs: those of its shard. */
    public List<TargetPlan> inShard() {
        return targets.stream().filter(t -> rollout.shard().contains(t.name())).toList();
    }

    public TargetPlan target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    public Map<String, String> waveOf() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Wave w : waves) for (FleetTarget t : w.targets()) out.put(t.name(), w.name());
        return out;
    }
}
