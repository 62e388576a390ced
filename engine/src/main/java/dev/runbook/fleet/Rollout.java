package dev.runbook.fleet;

import java.time.Duration;
import java.util.List;

/**
 * How a fleet is rolled out: the canary, the wave sizes, how many targets run at once, the error budget as written,
 * whether the first failure stops new starts regardless of the budget, the pause between waves, and this
 * invocation's shard. All but the shard are part of the fleet hash a reviewer approves.
 */
public record Rollout(WaveSpec canary, List<WaveSpec> waves, int concurrency, String maxErrors, OnTargetFailure onFailure,
                      Duration pause, Shard shard) {
    public Rollout {
        waves = List.copyOf(waves);
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
    }

    public enum OnTargetFailure { CONTINUE, STOP }

    /** The settings as one line, the form hashed into the fleet hash and shown in plan and report. */
    public String describe() {
        return "canary " + (canary == null ? "none" : canary) + "; waves "
                + (waves.isEmpty() ? "all" : waves.stream().map(Object::toString).reduce((a, b) -> a + "," + b).orElse(""))
                + "; concurrency " + concurrency + "; max-errors " + maxErrors + "; on-target-failure "
                + onFailure.name().toLowerCase(java.util.Locale.ROOT) + "; pause " + pause.toSeconds() + "s";
    }
}
