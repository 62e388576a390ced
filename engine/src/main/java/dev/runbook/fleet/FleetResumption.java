package dev.runbook.fleet;

import dev.runbook.exec.RunLocator;
import dev.runbook.exec.RunOptions;
import dev.runbook.journal.JournalStatus;
import dev.runbook.journal.ResumeDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What resuming a fleet run does per target, decided from each target's journal (the index only names the runs):
 * a run the journal says succeeded is left alone; a failed or interrupted one is resumed where it stopped; a rolled
 * back one, or a target that never ran, starts anew. Skipped targets stay skipped.
 */
public record FleetResumption(FleetIndex index, Map<String, RunOptions.ResumePoint> resumes, int toRun) {

    public static FleetResumption of(FleetIndex index, FleetPlan plan, String restartedAt) {
        Map<String, RunOptions.ResumePoint> resumes = new HashMap<>();
        List<FleetIndex.Entry> entries = new ArrayList<>();
        int again = 0;
        for (FleetIndex.Entry e : index.targets()) {
            FleetIndex.Entry next = decide(e, plan.target(e.name()), resumes);
            if (next.status() == TargetStatus.PENDING) again++;
            entries.add(next);
        }
        return new FleetResumption(index.restarted(restartedAt).withTargets(entries), Map.copyOf(resumes), again);
    }

    private static FleetIndex.Entry decide(FleetIndex.Entry e, TargetPlan target, Map<String, RunOptions.ResumePoint> resumes) {
        if (e.status() == TargetStatus.SKIPPED || target == null || target.skipped()) return e;
        if (e.runId() != null) {
            Optional<RunLocator.Found> found = RunLocator.find(target.plan(), e.runId());
            if (found.isPresent() && found.get().state().status() == JournalStatus.SUCCEEDED) {
                return e.with(TargetStatus.SUCCEEDED, 0, e.runId(), e.runDir(), e.report(), e.started(), e.finished(),
                        e.durationMs(), e.summary(), e.note(), e.earlierRuns());
            }
            if (found.isPresent()) {
                ResumeDecision d = ResumeDecision.decide(found.get().state(), target.plan());
                if (d instanceof ResumeDecision.Resume r) {
                    resumes.put(e.name(), new RunOptions.ResumePoint(e.runId(), new HashSet<>(r.completed())));
                }
            }
        }
        return e.with(TargetStatus.PENDING, null, e.runId(), e.runDir(), e.report(), null, null, null, null, null,
                e.earlierRuns());
    }
}
