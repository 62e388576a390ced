package dev.runbook.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The index of a fleet run folder ({@code fleet.json}): what was run, how, and where each target stands, with the
 * run id and folder of its ordinary run. It is rewritten (atomically) whenever a target starts or ends, so a killed
 * fleet still says which targets ran; each target's journal stays the truth about what that run did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetIndex(int fleetVersion, String fleetRunId, String runbookId, String runbookFile, String environment,
                         Map<String, String> params, String fleetFile, String fleetHash, String shard, String rollout,
                         Settings settings, String started, String finished, Long durationMs, Integer exitCode,
                         String stopped, List<Entry> targets) {
    public static final String FILE = "fleet.json";
    public static final int VERSION = 1;

    /** The rollout options as given, so that resume plans the same fleet again. */
    public record Settings(String canary, String waves, int concurrency, String maxErrors, int errorBudget,
                           String onTargetFailure, long pauseSeconds) {}

    /** One target's line: wave, plan hash, status, and its latest run (earlier attempts in {@code earlierRuns}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String name, int ordinal, String wave, int waveIndex, List<String> labels,
                        Map<String, String> connections, String planHash, TargetStatus status, Integer exitCode,
                        String runId, String runDir, String report, String started, String finished, Long durationMs,
                        String summary, String note, List<String> earlierRuns) {
        Entry with(TargetStatus s, Integer code, String run, String dir, String rep, String start, String end, Long ms,
                   String sum, String why, List<String> earlier) {
            return new Entry(name, ordinal, wave, waveIndex, labels, connections, planHash, s, code, run, dir, rep, start,
                    end, ms, sum, why, earlier);
        }
    }

    /** A new fleet run's index: the shard's targets pending (or skipped, as the fleet file says). */
    public static FleetIndex start(FleetPlan plan, String fleetRunId, Map<String, String> params, Settings settings,
                                   String started) {
        List<String> waveNames = plan.waves().stream().map(Wave::name).toList();
        List<Entry> entries = new java.util.ArrayList<>();
        for (TargetPlan t : plan.inShard()) {
            boolean skip = t.skipped();
            entries.add(new Entry(t.name(), t.target().ordinal(), t.wave(), waveNames.indexOf(t.wave()), t.target().labels(),
                    new java.util.TreeMap<>(t.connections()), t.planHash(), skip ? TargetStatus.SKIPPED : TargetStatus.PENDING,
                    null, null, null, null, null, null, null, skip ? "skipped: " + t.target().skip() : null, null, null));
        }
        return new FleetIndex(VERSION, fleetRunId, plan.runbookId(), plan.runbookFile(), plan.environment(), params,
                plan.fleetFile(), plan.hash(), plan.rollout().shard().toString(), plan.rollout().describe(), settings,
                started, null, null, null, null, entries);
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static FleetIndex read(Path fleetDir) throws IOException {
        return JSON.readValue(fleetDir.resolve(FILE).toFile(), FleetIndex.class);
    }

    /** Writes through a temporary file and a rename, so a reader never sees half an index. */
    public void write(Path fleetDir) {
        try {
            Files.createDirectories(fleetDir);
            Path tmp = fleetDir.resolve(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, fleetDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet index in " + fleetDir + ": " + e.getMessage(), e);
        }
    }

    public FleetIndex withTargets(List<Entry> now) {
        return new FleetIndex(fleetVersion, fleetRunId, runbookId, runbookFile, environment, params, fleetFile, fleetHash,
                shard, rollout, settings, started, finished, durationMs, exitCode, stopped, List.copyOf(now));
    }

    public FleetIndex finished(String end, long ms, int code, String why) {
        return new FleetIndex(fleetVersion, fleetRunId, runbookId, runbookFile, environment, params, fleetFile, fleetHash,
                shard, rollout, settings, started, end, ms, code, why, targets);
    }

    public FleetIndex restarted(String start) {
        return new FleetIndex(fleetVersion, fleetRunId, runbookId, runbookFile, environment, params, fleetFile, fleetHash,
                shard, rollout, settings, start, null, null, null, null, targets);
    }
}
