package dev.runbook.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fleet into waves: the canary first (the first N targets, or those with a label), then one wave per
 * spec in order, the last count or percentage repeating until every target has a wave (as Ansible's
 * {@code serial}); targets left over after label waves make a last wave. Without specs the rest is one wave.
 * Waves are decided on the whole fleet, before sharding, so a target is in the same wave in every shard.
 */
public final class Waves {
    public static final String CANARY = "canary";

    private Waves() {}

    public static List<Wave> of(Fleet fleet, WaveSpec canary, List<WaveSpec> specs) {
        List<FleetTarget> left = new ArrayList<>(fleet.targets());
        List<Wave> waves = new ArrayList<>();
        if (canary != null) {
            List<FleetTarget> taken = take(left, canary, fleet.size());
            if (!taken.isEmpty()) waves.add(new Wave(CANARY, taken));
        }
        WaveSpec repeat = null;
        for (WaveSpec spec : specs) {
            if (left.isEmpty()) break;
            List<FleetTarget> taken = take(left, spec, fleet.size());
            if (!taken.isEmpty()) waves.add(next(waves, taken));
            repeat = spec instanceof WaveSpec.Label ? null : spec;
        }
        while (!left.isEmpty()) {
            List<FleetTarget> taken = repeat == null ? new ArrayList<>(left) : take(left, repeat, fleet.size());
            left.removeAll(taken);
            waves.add(next(waves, taken));
        }
        return List.copyOf(waves);
    }

    private static Wave next(List<Wave> waves, List<FleetTarget> taken) {
        long numbered = waves.stream().filter(w -> !w.isCanary()).count();
        return new Wave("wave " + (numbered + 1), taken);
    }

    /** Removes and returns the targets one spec takes from what is left. */
    private static List<FleetTarget> take(List<FleetTarget> left, WaveSpec spec, int total) {
        List<FleetTarget> taken = new ArrayList<>();
        if (spec instanceof WaveSpec.Label l) {
            for (FleetTarget t : left) if (t.hasLabel(l.label())) taken.add(t);
        } else {
            int n = Math.min(spec.size(total), left.size());
            taken.addAll(left.subList(0, n));
        }
        left.removeAll(taken);
        return taken;
    }
}
