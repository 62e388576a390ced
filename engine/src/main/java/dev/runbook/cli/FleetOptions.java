package dev.runbook.cli;

import dev.runbook.fleet.Fleet;
import dev.runbook.fleet.FleetFile;
import dev.runbook.fleet.FleetIndex;
import dev.runbook.fleet.Rollout;
import dev.runbook.fleet.Shard;
import dev.runbook.fleet.WaveSpec;
import dev.runbook.parse.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of a fleet run or plan: which targets, in which waves, how many at once, how many may fail. */
final class FleetOptions {
    @Option(names = "--fleet", paramLabel = "FILE", description = "Run the runbook once per target of this fleet file"
            + " (YAML, or CSV ending in .csv): each target an ordinary run with its own lock, journal and run folder.")
    Path file;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1",
            description = "With --fleet: how many targets run at once in a wave (default: 1).")
    int concurrency;

    @Option(names = "--max-errors", paramLabel = "N|P%", defaultValue = "0", description = "With --fleet: how many"
            + " targets may fail (a count, or a percentage of this invocation's targets); past it no new target starts,"
            + " those running finish (default: 0).")
    String maxErrors;

    @Option(names = "--on-target-failure", paramLabel = "continue|stop", defaultValue = "continue",
            description = "With --fleet: continue (default; the error budget decides) or stop starting targets at the first failure.")
    Rollout.OnTargetFailure onFailure;

    @Option(names = "--canary", paramLabel = "N|label:NAME", description = "With --fleet: the first N targets, or those"
            + " with a label, run first and must all succeed before any other target starts.")
    String canary;

    @Option(names = "--waves", paramLabel = "SIZES", description = "With --fleet: wave sizes after the canary, e.g."
            + " 1,5,25%%,100%% or label:eu,label:us; the last size repeats (default: one wave of the rest).")
    String waves;

    @Option(names = "--wave-pause", paramLabel = "DURATION", defaultValue = "0s",
            description = "With --fleet: wait this long between waves (e.g. 30s, 5m).")
    String pause;

    @Option(names = "--shard", paramLabel = "I/N", description = "With --fleet: run only the I-th of N slices of the"
            + " fleet (a stable hash of target names); merge the shards' folders with runbook fleet-report.")
    String shard;

    boolean given() {
        return file != null;
    }

    /** The rollout the options describe; a bad value is a usage error (exit 2). */
    Rollout rollout(CommandSpec spec) {
        try {
            WaveSpec c = canary == null ? null : WaveSpec.parseOne(canary);
            List<WaveSpec> w = waves == null ? List.of() : WaveSpec.parseList(waves);
            Duration p = Durations.parse(pause);
            Shard s = shard == null ? Shard.WHOLE : Shard.parse(shard);
            dev.runbook.fleet.ErrorBudget.parse(maxErrors, 1);
            return new Rollout(c, w, concurrency, maxErrors, onFailure, p, s);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The same rollout again, from a fleet run's index (resume). */
    static Rollout rollout(FleetIndex.Settings s, String shard) {
        return new Rollout(s.canary() == null ? null : WaveSpec.parseOne(s.canary()),
                s.waves() == null ? List.of() : WaveSpec.parseList(s.waves()), s.concurrency(), s.maxErrors(),
                Rollout.OnTargetFailure.valueOf(s.onTargetFailure()), Duration.ofSeconds(s.pauseSeconds()),
                shard == null ? Shard.WHOLE : Shard.parse(shard));
    }

    FleetIndex.Settings settings(Rollout r, int budget) {
        return new FleetIndex.Settings(canary, waves, r.concurrency(), r.maxErrors(), budget, r.onFailure().name(),
                r.pause().toSeconds());
    }

    Fleet read() {
        return FleetFile.read(file);
    }
}
