package dev.runbook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlanFile;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.ResolvedParam;
import dev.runbook.plan.SecretMasker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A plan saved with {@code plan --out} (the one a reviewer approved), and what differs in a plan made now:
 * the run goes ahead only when the hashes match, and otherwise says what changed, file by file.
 */
record SavedPlan(Path file, String hash, String environment, String runbookChecksum, Map<String, String> files,
                 Map<String, String> params, Map<String, String> targets) {

    static SavedPlan read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw problem(file, "cannot read the saved plan: " + e.getMessage(), "save one with: runbook plan ... --out plan.json");
        }
        if (root == null || !root.hasNonNull("plan_hash") || root.path("plan_version").asInt() != Plan.VERSION) {
            throw problem(file, "not a saved plan of this Runbook (plan_version " + Plan.VERSION + " with a plan_hash)",
                    "save one with: runbook plan ... --out plan.json");
        }
        Map<String, String> files = new LinkedHashMap<>();
        root.path("files").forEach(f -> files.put(f.path("path").asText(), f.path("sha256").asText()));
        Map<String, String> params = new LinkedHashMap<>();
        root.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText(null)));
        Map<String, String> targets = new LinkedHashMap<>();
        root.path("targets").forEach(t -> targets.put(t.path("name").asText(), t.path("display").asText()));
        return new SavedPlan(file, root.get("plan_hash").asText(), root.path("environment").asText(null),
                root.path("runbook").path("checksum").asText(null), files, params, targets);
    }

    /** What differs between this saved plan and {@code now}, one line each; empty when they are the same. */
    List<String> differences(Plan now, SecretMasker masker) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(environment, now.environment())) {
            out.add("environment: " + environment + " -> " + now.environment());
        }
        Map<String, String> nowFiles = new LinkedHashMap<>();
        for (PlanFile f : now.files()) nowFiles.put(f.path(), f.sha256());
        for (String path : new TreeSet<>(union(files.keySet(), nowFiles.keySet()))) {
            String was = files.get(path);
            String is = nowFiles.get(path);
            if (was == null) out.add("file " + path + ": new since the plan (" + is + ")");
            else if (is == null) out.add("file " + path + ": no longer read (was " + was + ")");
            else if (!was.equals(is)) out.add("file " + path + ": changed (" + was + " -> " + is + ")");
        }
        Map<String, String> nowParams = new LinkedHashMap<>();
        for (ResolvedParam p : now.params().values()) {
            nowParams.put(p.name(), p.secret() ? SecretMasker.MASK : masker.mask(String.valueOf(p.value())));
        }
        for (String name : new TreeSet<>(union(params.keySet(), nowParams.keySet()))) {
            if (!Objects.equals(params.get(name), nowParams.get(name))) {
                out.add("param " + name + ": " + params.get(name) + " -> " + nowParams.get(name));
            }
        }
        Map<String, String> nowTargets = new LinkedHashMap<>();
        for (PlannedTarget t : now.targets().values()) nowTargets.put(t.name(), masker.mask(t.display()));
        for (String name : new TreeSet<>(union(targets.keySet(), nowTargets.keySet()))) {
            if (!Objects.equals(targets.get(name), nowTargets.get(name))) {
                out.add("target " + name + ": " + targets.get(name) + " -> " + nowTargets.get(name));
            }
        }
        if (out.isEmpty() && !hash.equals(now.hash())) {
            out.add("plan hash " + hash + " -> " + now.hash() + " (the runbook's id or another input changed)");
        }
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    static InvalidInputException problem(Path file, String what, String hint) {
        return InvalidInputException.of(Diagnostic.error("RB414", Position.of(file.toString()), what, hint));
    }
}
