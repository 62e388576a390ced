package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.exec.RunLocator;
import dev.runbook.journal.Journal;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.SecretMasker;
import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.RunHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An earlier run as the commands that continue it ({@code resume}, {@code approve}) find it: its run folder names
 * the runbook, environment and params; the targets' journals hold what it did.
 */
final class EarlierRun {
    private EarlierRun() {}

    /** The run folder's header, if the folder is there. */
    static Optional<RunHeader> header(Path runs, String runId) {
        Path dir = runs.resolve(runId);
        if (!Files.isRegularFile(dir.resolve("events.jsonl"))) return Optional.empty();
        try {
            return Optional.ofNullable(new EventLogReader().read(dir).run());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The folder of the first run of the chain that {@code runId} ends (a run, the run that resumed it, ...), found
     * by following each header's {@code resumes} through {@code runs}: where the steps a resume skips wrote their
     * backups. Stops at the last folder there is; the resumed run's folder when even that one is not there.
     */
    static Path firstDir(Path runs, String runId) {
        Path dir = runs.resolve(runId);
        java.util.Set<String> seen = new java.util.HashSet<>();
        Optional<RunHeader> h = header(runs, runId);
        while (h.isPresent() && h.get().resumes() != null && seen.add(h.get().resumes())) {
            Optional<RunHeader> earlier = header(runs, h.get().resumes());
            if (earlier.isEmpty()) break;
            dir = runs.resolve(h.get().resumes());
            h = earlier;
        }
        return dir;
    }

    /** Why a run folder that is there cannot be read, so that it is not called missing. */
    private static Optional<String> unreadable(Path dir) {
        if (!Files.isRegularFile(dir.resolve("events.jsonl"))) return Optional.empty();
        try {
            new EventLogReader().read(dir);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** The runbook file: the one given, else the one the run folder names. */
    static Path runbook(Path given, Optional<RunHeader> header, Path runs, String runId, String command) {
        if (given != null) return given;
        return header.map(h -> Path.of(h.runbook().file())).orElseThrow(() -> usage(command,
                unreadable(runs.resolve(runId)).map(why -> "the run folder " + runs.resolve(runId) + " cannot be read: " + why)
                        .orElse("no run folder " + runs.resolve(runId) + " to read the runbook from"),
                "give the runbook: runbook " + command + " " + runId + " ... RUNBOOK --env ENV ..."));
    }

    /** The earlier run's environment and (non-secret) params, under what the command line gives now. */
    static Invocation withEarlier(Invocation now, Optional<RunHeader> earlier) {
        if (earlier.isEmpty()) return now;
        RunHeader h = earlier.get();
        Map<String, String> params = new LinkedHashMap<>();
        h.params().forEach((k, v) -> {
            if (v != null && !SecretMasker.MASK.equals(v)) params.put(k, v);
        });
        params.putAll(now.params());
        String env = now.environment() != null ? now.environment() : h.environment();
        return new Invocation(env, params, now.paramsFromFile(), now.paramsFileName(), now.targetOverrides(),
                now.embedded(), now.approvals(), now.reason(), now.maintenanceWindow(), now.operator(),
                now.environmentVariables());
    }

    /** The run as the journals of the database targets that know it hold it; exit 2 naming where it looked. */
    static RunLocator.Found find(Plan plan, String runId, String command) {
        List<String> looked = new ArrayList<>();
        return RunLocator.find(plan, runId, "runbook-" + command, looked).orElseThrow(() -> unknown(command, runId, looked));
    }

    /**
     * What {@code use} gives for the first journal where it gives something (see {@link RunLocator}); exit 2 naming
     * every target looked in when none does.
     */
    static <T> T withJournal(Plan plan, String runId, String command,
                             java.util.function.BiFunction<Journal, PlannedTarget, Optional<T>> use) {
        List<String> looked = new ArrayList<>();
        return RunLocator.inJournals(plan, "runbook-" + command, looked, use).orElseThrow(() -> unknown(command, runId, looked));
    }

    private static InvalidInputException unknown(String command, String runId, List<String> looked) {
        return usage(command, "unknown run id '" + runId + "': no journal of this runbook's targets holds it (looked in "
                        + (looked.isEmpty() ? "none: the runbook has no database target" : String.join(", ", looked)) + ")",
                "list past runs with: runbook history RUNBOOK --env ENV");
    }

    static InvalidInputException usage(String command, String what, String hint) {
        return InvalidInputException.of(Diagnostic.error("RB412", Position.of(command), what, hint));
    }

}
