package dev.runbook.fleet;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the folders of a sharded fleet run (one per {@code --shard I/N}) into one index, as if one process had run
 * the whole fleet: same runbook and fleet hash required, every target once, links made relative to {@code out}.
 */
public final class FleetMerge {
    private FleetMerge() {}

    /** A percentage budget is counted again over all the shards' targets, as one unsharded run counts it. */
    private static FleetIndex.Settings wholeFleet(FleetIndex.Settings s, int targets) {
        if (s == null) return null;
        return new FleetIndex.Settings(s.canary(), s.waves(), s.concurrency(), s.maxErrors(),
                ErrorBudget.parse(s.maxErrors(), targets).allowed(), s.onTargetFailure(), s.pauseSeconds());
    }

    public static FleetIndex merge(List<Path> dirs, Path out) {
        List<FleetIndex> parts = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Path d : dirs) {
            try {
                parts.add(FleetIndex.read(d));
            } catch (IOException e) {
                problems.add(Diagnostic.error("RB805", Position.of(d.resolve(FleetIndex.FILE).toString()),
                        "cannot read a fleet index: " + e.getMessage(), "give the folders that run --fleet wrote"));
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        FleetIndex first = parts.get(0);
        Map<String, Path> seen = new HashMap<>();
        List<FleetIndex.Entry> targets = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> shards = new LinkedHashSet<>();
        List<String> stopped = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        String started = null;
        String finished = null;
        for (int i = 0; i < parts.size(); i++) {
            FleetIndex p = parts.get(i);
            Path d = dirs.get(i);
            if (!p.fleetHash().equals(first.fleetHash())) {
                problems.add(Diagnostic.error("RB805", Position.of(d.resolve(FleetIndex.FILE).toString()), "this folder is of"
                        + " another fleet plan (" + p.fleetHash() + ", not " + first.fleetHash() + " of " + dirs.get(0) + ")",
                        "merge only the shards of one fleet run: same runbook, fleet file, params and rollout"));
                continue;
            }
            ids.add(p.fleetRunId());
            shards.add(p.shard());
            if (p.stopped() != null) stopped.add("shard " + p.shard() + ": " + p.stopped());
            codes.add(p.exitCode());
            if (started == null || p.started().compareTo(started) < 0) started = p.started();
            if (p.finished() != null && (finished == null || p.finished().compareTo(finished) > 0)) finished = p.finished();
            for (FleetIndex.Entry e : p.targets()) {
                Path before = seen.putIfAbsent(e.name(), d);
                if (before != null) {
                    problems.add(Diagnostic.error("RB805", Position.of(d.resolve(FleetIndex.FILE).toString()), "target '"
                            + e.name() + "' is also in " + before, "merge each shard's folder once"));
                    continue;
                }
                targets.add(FleetReportWriter.relink(e, d, out));
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        targets.sort(Comparator.comparingInt(FleetIndex.Entry::ordinal));
        Long ms = started == null || finished == null ? null
                : java.time.Duration.between(java.time.Instant.parse(started), java.time.Instant.parse(finished)).toMillis();
        boolean allDone = codes.stream().allMatch(c -> c != null);
        return new FleetIndex(first.fleetVersion(), String.join("+", ids), first.runbookId(), first.runbookFile(),
                first.environment(), first.params(), first.fleetFile(), first.fleetHash(), "merged " + String.join(", ", shards),
                first.rollout(), wholeFleet(first.settings(), targets.size()), started, allDone ? finished : null, allDone ? ms : null,
                allDone ? FleetExitCodes.worst(codes) : null, stopped.isEmpty() ? null : String.join("; ", stopped), targets);
    }
}
