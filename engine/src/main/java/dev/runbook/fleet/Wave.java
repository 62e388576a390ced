package dev.runbook.fleet;

import java.util.List;

/** One wave of a fleet run: its name ("canary", "wave 1", ...) and its targets, in the fleet file's order. */
public record Wave(String name, List<FleetTarget> targets) {
    public Wave {
        targets = List.copyOf(targets);
    }

    public boolean isCanary() {
        return name.equals(Waves.CANARY);
    }
}
