package dev.runbook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.fleet.FleetPlan;
import dev.runbook.fleet.FleetTarget;
import dev.runbook.fleet.TargetPlan;
import dev.runbook.fleet.Wave;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fleet plan as JSON ({@code plan --fleet --format json} / {@code --out}): the fleet hash, the rollout, the waves
 * and each target's plan hash and masked connections; {@code run --fleet --plan} refuses a fleet that differs.
 */
final class SavedFleetPlan {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SavedFleetPlan() {}

    static String render(FleetPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("fleet_plan_version", FleetPlan.VERSION).put("fleet_hash", plan.hash()).put("runbook", plan.runbookId())
                .put("runbook_file", plan.runbookFile()).put("environment", plan.environment())
                .put("fleet_file", plan.fleetFile()).put("rollout", plan.rollout().describe());
        ArrayNode waves = root.putArray("waves");
        for (Wave w : plan.waves()) {
            ArrayNode names = waves.addObject().put("name", w.name()).putArray("targets");
            for (FleetTarget t : w.targets()) names.add(t.name());
        }
        ArrayNode targets = root.putArray("targets");
        for (TargetPlan t : plan.targets()) {
            ObjectNode n = targets.addObject().put("name", t.name()).put("wave", t.wave());
            if (t.skipped()) n.put("skip", t.target().skip());
            else n.put("plan_hash", t.planHash());
            ObjectNode c = n.putObject("connections");
            new TreeMap<>(t.connections()).forEach(c::put);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What differs between the saved plan and the one made now, one line per change; empty when they agree. */
    static List<String> differences(Path saved, FleetPlan now) {
        JsonNode root;
        try {
            root = JSON.readTree(saved.toFile());
        } catch (IOException e) {
            throw SavedPlan.problem(saved, "cannot read the saved fleet plan: " + e.getMessage(),
                    "save it with: runbook plan RUNBOOK --fleet FILE ... --out FILE");
        }
        if (root == null || !root.has("fleet_hash")) {
            throw SavedPlan.problem(saved, "this is not a fleet plan (no fleet_hash)",
                    "save one with: runbook plan RUNBOOK --fleet FILE ... --out FILE");
        }
        List<String> out = new ArrayList<>();
        if (!root.path("rollout").asText().equals(now.rollout().describe())) {
            out.add("rollout: was '" + root.path("rollout").asText() + "', now '" + now.rollout().describe() + "'");
        }
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (JsonNode t : root.path("targets")) before.put(t.path("name").asText(), t);
        for (TargetPlan t : now.targets()) {
            JsonNode b = before.remove(t.name());
            if (b == null) {
                out.add("target " + t.name() + ": added");
                continue;
            }
            if (!b.path("wave").asText().equals(t.wave())) out.add("target " + t.name() + ": wave " + b.path("wave").asText()
                    + " -> " + t.wave());
            String was = b.has("skip") ? "skipped" : b.path("plan_hash").asText();
            String is = t.skipped() ? "skipped" : t.planHash();
            if (!was.equals(is)) out.add("target " + t.name() + ": plan " + was + " -> " + is);
            Map<String, String> conns = new TreeMap<>();
            b.path("connections").fields().forEachRemaining(f -> conns.put(f.getKey(), f.getValue().asText()));
            if (!conns.equals(new TreeMap<>(t.connections()))) out.add("target " + t.name() + ": connections " + conns
                    + " -> " + new TreeMap<>(t.connections()));
        }
        before.keySet().forEach(n -> out.add("target " + n + ": removed"));
        if (out.isEmpty() && !root.path("fleet_hash").asText().equals(now.hash())) {
            out.add("the environment or the runbook changed");
        }
        return out;
    }

    static String hash(Path saved) {
        try {
            return JSON.readTree(saved.toFile()).path("fleet_hash").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
