package dev.runbook.plan;

import dev.runbook.text.Hashes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash a reviewer approves: runbook id, every file read (normalised), resolved params, the environment
 * and each target's name and redacted address (so a plan approved for one server, or for an embedded database,
 * does not run against another). Secret values are left out, so the hash cannot be used to guess them.
 */
final class PlanHash {
    private PlanHash() {}

    static String compute(String runbookId, List<PlanFile> files, Map<String, ResolvedParam> params, String environment,
                          Map<String, PlannedTarget> targets) {
        StringBuilder sb = new StringBuilder("runbook-plan/1\n");
        sb.append("runbook ").append(runbookId).append('\n');
        sb.append("environment ").append(environment == null ? "" : environment).append('\n');
        for (PlanFile f : files) sb.append("file ").append(f.path()).append(' ').append(f.sha256()).append('\n');
        for (ResolvedParam p : new TreeMap<>(params).values()) {
            sb.append("param ").append(p.name()).append('=').append(p.secret() ? "<secret>" : String.valueOf(p.value())).append('\n');
        }
        for (PlannedTarget t : new TreeMap<>(targets).values()) {
            sb.append("target ").append(t.name()).append(' ').append(t.engine()).append(' ').append(t.display()).append('\n');
        }
        return "sha256:" + Hashes.sha256(sb.toString());
    }
}
