package dev.runbook.fleet;

import dev.runbook.exec.Executor;
import dev.runbook.exec.RunOptions;
import dev.runbook.exec.RunResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a fleet wave by wave, each target as an ordinary run (its own lock, journal, rollback and run folder under
 * {@code targets/NAME/RUN_ID}), at most {@code concurrency} at once. A wave starts when the one before has ended; a
 * failed canary, the error budget exceeded, or a failure with {@code --on-target-failure stop} means no new target
 * starts (those already running finish) and the rest are recorded as not started.
 */
public final class FleetRunner {
    private final FleetPlan plan;
    private final Path fleetDir;
    private final RunOptions base;
    private final FleetListener listener;
    private final Clock clock;
    private final Set<Executor> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile String stopped;
    private FleetIndex index;

    /** @param base the options every target's run shares (approvals, reports, lock timeout); run id and folder are set here */
    public FleetRunner(FleetPlan plan, FleetIndex index, Path fleetDir, RunOptions base, FleetListener listener, Clock clock) {
        this.plan = plan;
        this.index = index;
        this.fleetDir = fleetDir;
        this.base = base;
        this.listener = listener;
        this.clock = clock;
    }

    /** Asks every running target's run to stop (Ctrl-C); no new target starts. */
    public void stop(String reason) {
        stopWith("interrupted: " + reason);
        for (Executor e : running) e.stop(reason);
    }

    /**
     * Runs the PENDING targets of the index ({@code resumes} maps a target to the run it continues) and returns the
     * finished index, also written to the fleet folder.
     */
    public FleetIndex run(Map<String, RunOptions.ResumePoint> resumes) {
        long start = System.nanoTime();
        ErrorBudget budget = ErrorBudget.parse(plan.rollout().maxErrors(), plan.inShard().size());
        for (FleetIndex.Entry e : index.targets()) if (e.status() == TargetStatus.FAILED) failures.incrementAndGet();
        write();
        List<Wave> waves = plan.waves();
        for (int w = 0; w < waves.size(); w++) {
            Wave wave = waves.get(w);
            List<TargetPlan> toRun = wave.targets().stream().map(t -> plan.target(t.name()))
                    .filter(t -> entry(t.name()) != null && entry(t.name()).status() == TargetStatus.PENDING).toList();
            if (toRun.isEmpty()) continue;
            if (stopped != null) {
                for (TargetPlan t : toRun) notStarted(t.name());
                continue;
            }
            listener.waveStarted(wave, toRun.size());
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(plan.rollout().concurrency(), toRun.size()),
                    r -> new Thread(r, "fleet-" + wave.name().replace(' ', '-')));
            for (TargetPlan t : toRun) {
                pool.submit(() -> {
                    try {
                        if (stopped != null) notStarted(t.name());
                        else runOne(t, wave, budget, resumes.get(t.name()));
                    } catch (RuntimeException e) {
                        crashed(t.name(), e);
                    }
                });
            }
            pool.shutdown();
            awaitQuietly(pool);
            if (stopped == null && w + 1 < waves.size() && !plan.rollout().pause().isZero()) sleep(plan.rollout().pause());
        }
        int code = FleetExitCodes.worst(index.targets().stream().map(FleetIndex.Entry::exitCode).toList());
        // Stopped between waves (a signal) with no target failed: the fleet still did not do what was asked.
        if (code == 0 && index.targets().stream().anyMatch(e -> !e.status().done())) code = 1;
        synchronized (this) {
            index = index.finished(clock.instant().toString(), Duration.ofNanos(System.nanoTime() - start).toMillis(), code,
                    stopped);
        }
        write();
        return index;
    }

    private void runOne(TargetPlan t, Wave wave, ErrorBudget budget, RunOptions.ResumePoint resume) {
        FleetIndex.Entry before = entry(t.name());
        String runId = runId(before);
        Path runDir = fleetDir.resolve("targets").resolve(t.name()).resolve(runId);
        Instant began = clock.instant();
        List<String> earlier = new ArrayList<>(before.earlierRuns() == null ? List.of() : before.earlierRuns());
        if (before.runId() != null) earlier.add(before.runId());
        update(before.with(TargetStatus.RUNNING, null, runId, relative(runDir), null, began.toString(), null, null,
                resume == null ? null : "resuming run " + resume.runId(), null, earlier.isEmpty() ? null : earlier));
        listener.targetStarted(entry(t.name()));
        Executor executor = new Executor();
        running.add(executor);
        RunResult result;
        try {
            if (stopped != null && stopped.startsWith("interrupted")) executor.stop(stopped);
            result = executor.run(t.plan(), base.withRunDir(runDir).withRunId(runId).withResume(resume));
        } finally {
            running.remove(executor);
        }
        boolean ok = result.exitCode() == 0;
        // The link people follow: the HTML report when one was written, else the first there is.
        String report = result.reports().stream().filter(p -> p.getFileName().toString().endsWith(".html")).findFirst()
                .or(() -> result.reports().stream().findFirst()).map(this::relative).orElse(null);
        FleetIndex.Entry after = entry(t.name()).with(ok ? TargetStatus.SUCCEEDED : TargetStatus.FAILED, result.exitCode(),
                runId, relative(runDir), report, began.toString(), clock.instant().toString(), result.duration().toMillis(),
                result.outcome().word() + ": " + result.summary(), result.targetState(), entry(t.name()).earlierRuns());
        String why = null;
        if (!ok) {
            int failed = failures.incrementAndGet();
            if (wave.isCanary()) {
                why = "the canary target '" + t.name() + "' failed (exit " + result.exitCode() + "), so no other target started";
            } else if (plan.rollout().onFailure() == Rollout.OnTargetFailure.STOP) {
                why = "target '" + t.name() + "' failed and --on-target-failure is stop";
            } else if (budget.exceeded(failed)) {
                why = "error budget exceeded: " + failed + (failed == 1 ? " target" : " targets") + " failed, --max-errors "
                        + budget.written() + " allows " + budget.allowed();
            }
        }
        // The flag first, so that no other target starts from now on; the console hears it after the failure.
        boolean first = why != null && markStopped(why);
        update(after);
        listener.targetFinished(after, snapshot());
        if (first) listener.stopped(why);
    }

    /** Run ids are the fleet's id and the target's place in the fleet file; a later attempt adds its number. */
    private String runId(FleetIndex.Entry e) {
        String first = index.fleetRunId() + "-" + String.format("%03d", e.ordinal() + 1);
        int attempt = (e.earlierRuns() == null ? 0 : e.earlierRuns().size()) + (e.runId() == null ? 0 : 1) + 1;
        return attempt == 1 ? first : first + "-" + attempt;
    }

    private void stopWith(String why) {
        if (markStopped(why)) listener.stopped(why);
    }

    /** True when this is the first reason to stop (the one the report gives). */
    private synchronized boolean markStopped(String why) {
        if (stopped != null) return false;
        stopped = why;
        return true;
    }

    /** Not the target's failure but ours (the index could not be written...): recorded as failed, fleet stops. */
    private void crashed(String name, RuntimeException e) {
        failures.incrementAndGet();
        stopWith("internal error on target '" + name + "': " + e.getMessage());
        FleetIndex.Entry x = entry(name);
        try {
            update(x.with(TargetStatus.FAILED, 1, x.runId(), x.runDir(), x.report(), x.started(), clock.instant().toString(),
                    null, "internal error: " + e.getMessage(), "unknown: check the target's run folder and journal",
                    x.earlierRuns()));
        } catch (RuntimeException again) {
            // the index itself cannot be written; the target's own run folder and journal still say what happened
        }
    }

    private void notStarted(String name) {
        FleetIndex.Entry e = entry(name);
        update(e.with(TargetStatus.NOT_STARTED, null, e.runId(), e.runDir(), e.report(), null, null, null, null,
                "not started: " + stopped, e.earlierRuns()));
    }

    private synchronized FleetIndex.Entry entry(String name) {
        return index.targets().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    private synchronized FleetIndex snapshot() {
        return index;
    }

    private synchronized void update(FleetIndex.Entry changed) {
        List<FleetIndex.Entry> now = new ArrayList<>(index.targets());
        now.replaceAll(e -> e.name().equals(changed.name()) ? changed : e);
        index = index.withTargets(now);
        index.write(fleetDir);
    }

    private synchronized void write() {
        index.write(fleetDir);
    }

    private String relative(Path p) {
        return fleetDir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString()
                .replace(java.io.File.separatorChar, '/');
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // a wave can take hours; keep waiting for it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
