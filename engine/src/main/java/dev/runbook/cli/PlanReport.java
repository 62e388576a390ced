package dev.runbook.cli;

import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedCheck;
import dev.runbook.plan.PlanView;
import dev.runbook.plan.PlanViews;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.ResolvedParam;
import dev.runbook.plan.SecretMasker;
import dev.runbook.reports.model.Detail;
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
                        + (t.treatment().isEmpty() ? "" : "  (" + t.treatment() + ")"))).toList();
        Map<String, String> params = new LinkedHashMap<>();
        for (ResolvedParam p : plan.params().values()) {
            params.put(p.name(), p.secret() ? SecretMasker.MASK : masker.mask(String.valueOf(p.value())));
        }
        List<Policy> policies = plan.policies().stream()
                .map(p -> new Policy(p.name(), p.satisfied(), masker.mask(p.detail()))).toList();
        PlanView view = PlanViews.of(plan, masker);
        List<PlannedItem> items = new ArrayList<>();
        for (PlanView.Item p : view.preconditions()) {
            items.add(new PlannedItem("precondition/" + p.index(), Kind.PRECONDITION, p.id(), p.kind(), p.target(),
                    null, p.body().text(), null, true, "evaluated at run time", details(p)));
        }
        for (int i = 0; i < plan.steps().size(); i++) {
            PlannedStep s = plan.steps().get(i);
            PlanView.Item v = view.steps().get(i);
            String key = "step/" + s.id();
            boolean runs = !(s.decision() instanceof Decision.Skip);
            String reason = v.verdict().word().equals("RUN IF") ? "decided at run time: " + v.verdict().detail()
                    : v.verdict().detail();
            items.add(new PlannedItem(key, Kind.STEP, v.title() == null ? v.id() : v.title(), v.kind(), v.target(), null,
                    v.body().text(), v.rollback() == null ? null : v.rollback().body().text(), runs, reason, details(v)));
            if (s.action() instanceof PlannedAction.Assert a) {
                int n = 0;
                for (PlannedCheck c : a.checks()) {
                    items.add(new PlannedItem(key + "/check/" + (++n), Kind.CHECK, c.name(), "check", c.target(), key,
                            masker.mask(c.sql().text()) + "\n-- expect: " + masker.mask(c.expect()), null, runs, null));
                }
            }
        }
        List<String> warnings = plan.policies().stream().filter(p -> !p.satisfied())
                .map(p -> "policy '" + p.name() + "' is not met: " + masker.mask(p.detail())).toList();
        RunHeader header = new RunHeader("plan-" + plan.hash().substring(7, 19), Mode.PLAN, null,
                new RunbookInfo(plan.runbookId(), plan.title(), "1", plan.owner(), view.description(), plan.runbookFile(),
                        plan.runbookChecksum()),
                files, masker.mask(plan.ticket()), plan.environment(), operator, null, null, plan.hash(), null, null, targets,
                params, policies, items.size());
        return RunReport.plan(header, items, warnings, clock.instant());
    }

    private static List<Detail> details(PlanView.Item v) {
        return v.details().stream().map(f -> new Detail(f.label(), f.value())).toList();
    }
}
