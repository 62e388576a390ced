package dev.runbook.exec;

import dev.runbook.plan.Plan;
import dev.runbook.plan.PolicyCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold before anything starts, so no run halts halfway for want of it: environment policies
 * satisfied. A required approval is met by its approval step, which a run without a console waits at.
 */
final class Preflight {
    private Preflight() {}

    /** Problems that refuse the run (exit 2), each naming what to pass; empty when it may start. */
    static List<String> problems(Plan plan, RunOptions options) {
        List<String> out = new ArrayList<>();
        // A rehearsal asks no approval (its approval steps are not rehearsed), so it needs none given.
        boolean asksApprovals = !options.rehearse();
        for (PolicyCheck p : plan.policies()) {
            if (p.satisfied() || (!asksApprovals && p.name().startsWith("require_approval"))) continue;
            out.add("policy '" + p.name() + "' of environment " + plan.environment() + " is not met: " + p.detail());
        }
        for (var s : plan.unreadRows()) {
            out.add("the rows of for_each step '" + ((dev.runbook.plan.RowQueries.Unread) s.item()).stepId()
                    + "' were not read; plan the run with them (runbook run reads them first)");
        }
        if (options.approvals().contains("all") && (options.reason() == null || options.reason().isBlank())) {
            out.add("--approve all needs --reason saying why every approval is given at once");
        }
        return out;
    }
}
