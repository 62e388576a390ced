package dev.runbook.fleet;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts a fleet report leads with: per status, per wave, and the error budget used. */
public record FleetTotals(int targets, Map<TargetStatus, Integer> byStatus, List<WaveTotals> waves, int failures,
                          int budget, String budgetWritten) {

    /** One wave's line: its name and how many of its targets ended in each status. */
    public record WaveTotals(String name, int targets, Map<TargetStatus, Integer> byStatus) {}

    public static FleetTotals of(FleetIndex index) {
        Map<TargetStatus, Integer> all = new EnumMap<>(TargetStatus.class);
        Map<Integer, String> names = new java.util.TreeMap<>();
        Map<String, Map<TargetStatus, Integer>> per = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (FleetIndex.Entry e : index.targets()) names.put(e.waveIndex(), e.wave());
        for (String w : names.values()) {
            per.put(w, new EnumMap<>(TargetStatus.class));
            sizes.put(w, 0);
        }
        for (FleetIndex.Entry e : index.targets()) {
            all.merge(e.status(), 1, Integer::sum);
            per.get(e.wave()).merge(e.status(), 1, Integer::sum);
            sizes.merge(e.wave(), 1, Integer::sum);
        }
        List<WaveTotals> waves = new ArrayList<>();
        per.forEach((w, counts) -> waves.add(new WaveTotals(w, sizes.get(w), counts)));
        int failures = all.getOrDefault(TargetStatus.FAILED, 0);
        FleetIndex.Settings s = index.settings();
        return new FleetTotals(index.targets().size(), all, waves, failures, s == null ? 0 : s.errorBudget(),
                s == null ? "" : s.maxErrors());
    }

    public int count(TargetStatus s) {
        return byStatus.getOrDefault(s, 0);
    }
}
