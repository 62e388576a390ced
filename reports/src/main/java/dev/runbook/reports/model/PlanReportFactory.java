package dev.runbook.reports.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the engine's resolved plan into a report with the same shape as a run report. */
final class PlanReportFactory {

    static final String PLAN_TARGET_STATE = "unchanged: this is a plan (dry run); nothing was executed";

    private PlanReportFactory() {
    }

    static RunReport build(RunHeader header, List<PlannedItem> planned, List<String> policyWarnings,
                           Instant plannedAt) {
        Set<String> keys = planned.stream().map(PlannedItem::key).collect(Collectors.toSet());
        Map<String, List<PlannedItem>> childrenByParent = new LinkedHashMap<>();
        List<PlannedItem> roots = new ArrayList<>();
        for (PlannedItem item : planned) {
            // A check whose step is missing from the plan is still shown rather than silently dropped.
            if (item.parent() != null && keys.contains(item.parent())) {
                childrenByParent.computeIfAbsent(item.parent(), k -> new ArrayList<>()).add(item);
            } else {
                roots.add(item);
            }
        }
        List<ReportItem> items = new ArrayList<>();
        int index = 0;
        for (PlannedItem root : roots) {
            items.add(toItem(root, ++index, childrenByParent));
        }
        return new RunReport(header.withMode(Mode.PLAN), plannedAt, plannedAt, Outcome.PLANNED, null, 0,
                PLAN_TARGET_STATE, true, items, null, Counts.of(items), List.of(), 0, 0, policyWarnings);
    }

    private static ReportItem toItem(PlannedItem item, Integer index, Map<String, List<PlannedItem>> children) {
        List<ReportItem> nested = new ArrayList<>();
        for (PlannedItem child : children.getOrDefault(item.key(), List.of())) {
            nested.add(toItem(child, null, children));
        }
        Status status = item.wouldRun() ? Status.WOULD_RUN : Status.WOULD_SKIP;
        return new ReportItem(item.key(), item.kind(), item.name(), item.stepKind(), item.target(), index,
                item.parent(), item.text(), item.rollbackText(), status, item.reason(), 0, List.of(), nested,
                item.details());
    }
}
