package dev.runbook.exec;

import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PolicyCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold before anything starts, so no run halts halfway for want of it: environment policies
 * satisfied, and in a non-interactive run every approval step approved on the command line.
 */
final class Preflight {
    private Preflight() {}

    /** Problems that refuse the run (exit 2), each naming what to pass; empty when it may start. */
    static List<String> problems(Plan plan, RunOptions options) {
        List<String> out = new ArrayList<>();
        // A rehearsal asks no approval (its approval steps are not rehearsed), so it needs none given.
        boolean asksApprovals = !options.rehearse();
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (PolicyCheck p : plan.policies()) {
            if (p.satisfied() || (!asksApprovals && p.name().startsWith("require_approval"))) continue;
            out.add("policy '" + p.name() + "' of environment " + plan.environment() + " is not met: " + p.detail());
            if (p.name().startsWith("require_approval ")) reported.add(p.name().substring("require_approval ".length()));
        }
        if (options.approvals().contains("all") && (options.reason() == null || options.reason().isBlank())) {
            out.add("--approve all needs --reason saying why every approval is given at once");
        }
        if (options.prompter() == null && asksApprovals) {
            List<String> missing = new ArrayList<>();
            for (PlannedStep st : plan.steps()) {
                if (st.action() instanceof PlannedAction.Approval && !(st.decision() instanceof Decision.Skip)
                        && !options.approved(st.id()) && !reported.contains(st.id())) {
                    missing.add(st.id());
                }
            }
            if (!missing.isEmpty()) {
                out.add("this run is not interactive and step" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + (missing.size() > 1 ? " need" : " needs")
                        + " approval; pass " + String.join(" ", missing.stream().map(m -> "--approve " + m).toList())
                        + " (or --approve all --reason TEXT); nothing was run");
            }
        }
        return out;
    }
}
