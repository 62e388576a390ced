package dev.runbook.cli;

import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedCheck;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.ResolvedParam;
import dev.runbook.plan.SecretMasker;
import dev.runbook.reports.model.FileDigest;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.PlannedItem;
import dev.runbook.reports.model.Policy;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.RunbookInfo;
import dev.runbook.reports.model.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dry run as a report (what a reviewer approves): the plan in the reports' model, every text masked. */
final class PlanReport {
    private PlanReport() {}

    static RunReport of(Plan plan, SecretMasker masker, String operator, Clock clock) {
        List<FileDigest> files = plan.files().stream().map(f -> new FileDigest(f.path(), f.sha256())).toList();
        List<Target> targets = plan.targets().values().stream()
                .map(t -> new Target(t.name(), t.engine(), masker.mask(t.display())
                        + (t.treatment().isEmpty() ? "" : " (" + t.treatment() + ")"))).toList();
        Map<String, String> params = new LinkedHashMap<>();
        for (ResolvedParam p : plan.params().values()) {
            params.put(p.name(), p.secret() ? SecretMasker.MASK : masker.mask(String.valueOf(p.value())));
        }
        List<Policy> policies = plan.policies().stream()
                .map(p -> new Policy(p.name(), p.satisfied(), masker.mask(p.detail()))).toList();
        List<PlannedItem> items = new ArrayList<>();
        for (PlannedPrecondition p : plan.preconditions()) {
            items.add(new PlannedItem("precondition/" + p.index(), Kind.PRECONDITION, p.name(), p.kind().word(), p.target(),
                    null, masker.mask(p.preview()), null, true, "evaluated at run time"));
        }
        for (PlannedStep s : plan.steps()) {
            String key = "step/" + s.id();
            boolean runs = !(s.decision() instanceof Decision.Skip);
            String reason = s.decision() instanceof Decision.Skip skip ? skip.reason()
                    : s.decision() instanceof Decision.AtRunTime rt ? "decided at run time: " + rt.expression() : null;
            items.add(new PlannedItem(key, Kind.STEP, s.displayName(), s.kind(), s.target(), null,
                    masker.mask(s.action().preview()), s.rollback() == null ? null : masker.mask(s.rollback().action().preview()),
                    runs, reason));
            if (s.action() instanceof PlannedAction.Assert a) {
                int n = 0;
                for (PlannedCheck c : a.checks()) {
                    items.add(new PlannedItem(key + "/check/" + (++n), Kind.CHECK, c.name(), "check", c.target(), key,
                            masker.mask(c.sql().text()) + "\n-- expect: " + c.expect(), null, runs, null));
                }
            }
        }
        List<String> warnings = plan.policies().stream().filter(p -> !p.satisfied())
                .map(p -> "policy '" + p.name() + "' is not met: " + masker.mask(p.detail())).toList();
        RunHeader header = new RunHeader("plan-" + plan.hash().substring(7, 19), Mode.PLAN, null,
                new RunbookInfo(plan.runbookId(), plan.title(), "1", plan.owner(), plan.description(), plan.runbookFile(),
                        plan.runbookChecksum()),
                files, masker.mask(plan.ticket()), plan.environment(), operator, null, null, plan.hash(), null, null, targets,
                params, policies, items.size());
        return RunReport.plan(header, items, warnings, clock.instant());
    }
}
