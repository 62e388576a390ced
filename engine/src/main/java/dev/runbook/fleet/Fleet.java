package dev.runbook.fleet;

import java.util.List;

/** The targets of a fleet file, in the file's order (the order waves take them in). */
public record Fleet(String file, List<FleetTarget> targets) {
    public Fleet {
        targets = List.copyOf(targets);
    }

    public int size() {
        return targets.size();
    }
}
