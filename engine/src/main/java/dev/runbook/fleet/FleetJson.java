package dev.runbook.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The JSON fleet report: the index as it is, with the totals beside it (machine-readable change record). */
final class FleetJson {
    private FleetJson() {}

    static String render(FleetIndex index, FleetTotals totals) {
        ObjectNode root = FleetIndex.JSON.valueToTree(index);
        ObjectNode t = root.putObject("totals");
        t.put("targets", totals.targets());
        for (TargetStatus s : TargetStatus.values()) t.put(s.word(), totals.count(s));
        ObjectNode budget = t.putObject("error_budget");
        budget.put("max_errors", totals.budgetWritten()).put("allowed", totals.budget()).put("used", totals.failures());
        var waves = t.putArray("waves");
        for (FleetTotals.WaveTotals w : totals.waves()) {
            ObjectNode n = waves.addObject().put("name", w.name()).put("targets", w.targets());
            for (TargetStatus s : TargetStatus.values()) n.put(s.word(), w.byStatus().getOrDefault(s, 0));
        }
        try {
            return FleetIndex.JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
