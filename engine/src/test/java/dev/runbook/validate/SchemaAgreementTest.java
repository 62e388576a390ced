package dev.runbook.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.runbook.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published schemas and {@code validate} judge the same files alike, as an editor reads them: ajv 8
 * (draft 2020-12, strict mode) with the {@code yaml} package (YAML 1.2), both installed from
 * {@code src/test/ajv/package-lock.json}. Every runbook under runbooks/ and every case under
 * {@code schema-agreement/} is checked; a case's first line says what both must conclude:
 * {@code valid}, {@code RBxxx} (the schema rejects it and validate reports that code) or {@code tool:RBxxx}
 * (a reference or file the schema cannot see: ajv accepts, validate reports that code).
 */
class SchemaAgreementTest {
    static final Path AJV = Path.of("src/test/ajv");
    static final Path CASES = Path.of("src/test/resources/schema-agreement");
    static final ObjectMapper JSON = new ObjectMapper();

    record Case(Path file, String schema, String expect, Path validateAs) {}

    @Test
    void ajvAndValidateAgreeOnEveryRunbookAndCase(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(nodeAvailable(), () -> {
            System.err.println("SKIPPED SchemaAgreementTest: node is not on the PATH (install Node.js 18+ to compare with ajv)");
            return "node is not on the PATH";
        });
        installAjv();

        List<Case> cases = new ArrayList<>();
        try (Stream<Path> seeds = Files.walk(Path.of("../runbooks"))) {
            for (Path p : seeds.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                boolean fragment = p.getParent().getFileName().toString().equals("fragments");
                // A seed fragment is validated by validating the runbook that includes it.
                cases.add(new Case(p, fragment ? "fragment" : "runbook", "valid", fragment ? null : p));
            }
        }
        try (Stream<Path> files = Files.list(CASES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                cases.add(new Case(p, "runbook", expectation(p), p));
            }
        }
        try (Stream<Path> files = Files.list(CASES.resolve("fragments"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                cases.add(new Case(p, "fragment", expectation(p), including(tmp, p)));
            }
        }
        assertTrue(cases.size() >= 60, "at least 60 cases, found " + cases.size());

        Map<Path, JsonNode> ajv = runAjv(cases, tmp);
        List<String> disagreements = new ArrayList<>();
        for (Case c : cases) {
            JsonNode a = ajv.get(c.file());
            boolean ajvValid = a.get("valid").asBoolean();
            TreeSet<String> codes = c.validateAs() == null ? new TreeSet<>() : errorCodes(c.validateAs());
            boolean toolValid = codes.isEmpty();
            String verdict = "ajv " + (ajvValid ? "valid" : "invalid " + a.get("errors")) + ", validate "
                    + (toolValid ? "valid" : "invalid " + codes);
            boolean agrees;
            if (c.expect().equals("valid")) {
                agrees = ajvValid && toolValid;
            } else if (c.expect().startsWith("tool:")) {
                agrees = ajvValid && codes.contains(c.expect().substring(5));
            } else {
                agrees = !ajvValid && codes.contains(c.expect());
            }
            if (!agrees) disagreements.add(c.file() + " (expect " + c.expect() + "): " + verdict);
        }
        assertEquals(List.of(), disagreements, "cases where ajv or validate decide otherwise than expected");
    }

    private static String expectation(Path p) throws IOException {
        String first = Files.readAllLines(p).get(0);
        assertTrue(first.startsWith("# expect: "), p + " starts with # expect: ...");
        return first.substring("# expect: ".length()).strip();
    }

    /** A runbook in its own folder that includes a copy of the fragment case, which validate checks as a fragment. */
    private static Path including(Path tmp, Path fragment) throws IOException {
        String name = fragment.getFileName().toString();
        Path dir = Files.createDirectories(tmp.resolve(name.replace(".yaml", "")).resolve("fragments"));
        Files.copy(fragment, dir.resolve(name));
        Path runbook = dir.getParent().resolve("runbook.yaml");
        Files.writeString(runbook, "version: 1\nid: includes-" + name.replace(".yaml", "") + "\n"
                + "targets:\n  db: { engine: postgresql, url: \"postgresql://localhost/app\" }\n"
                + "steps:\n  - id: inc\n    include: fragments/" + name + "\n");
        return runbook;
    }

    private static TreeSet<String> errorCodes(Path runbook) throws IOException {
        TestCli.Result r = TestCli.run("validate", "--format", "json", runbook.toString());
        TreeSet<String> codes = new TreeSet<>();
        for (JsonNode file : JSON.readTree(r.out())) {
            for (JsonNode d : file.get("diagnostics")) if (d.get("severity").asText().equals("error")) codes.add(d.get("code").asText());
        }
        assertEquals(codes.isEmpty() ? 0 : 2, r.code(), runbook + ": " + r.out() + r.err());
        return codes;
    }

    private static Map<Path, JsonNode> runAjv(List<Case> cases, Path tmp) throws Exception {
        ArrayNode list = JSON.createArrayNode();
        Map<String, Path> byName = new HashMap<>();
        for (Case c : cases) {
            String abs = c.file().toAbsolutePath().normalize().toString();
            list.addObject().put("file", abs).put("schema", c.schema());
            byName.put(abs, c.file());
        }
        Path input = tmp.resolve("cases.json");
        Files.writeString(input, list.toString());
        Process p = new ProcessBuilder("node", "check.mjs", Path.of("../../../../dsl-schema").toString(), input.toString())
                .directory(AJV.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "ajv (strict mode) refused a schema or failed:\n" + err);
        Map<Path, JsonNode> results = new LinkedHashMap<>();
        List<String> lines = out.lines().toList();
        List<String> published;
        try (Stream<Path> files = Files.list(Path.of("../dsl-schema"))) {
            published = files.filter(f -> f.toFile().length() > 0 || !warnEmpty(f))
                    .map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .map(n -> n.substring(0, n.length() - ".schema.json".length())).sorted().toList();
        }
        List<String> compiled = new ArrayList<>();
        JSON.readTree(lines.get(0)).get("schemas").forEach(n -> compiled.add(n.asText()));
        assertTrue(published.containsAll(List.of("fragment", "plan", "report", "runbook")), published.toString());
        assertEquals(published, compiled, "every published schema compiles in strict mode");
        for (String line : lines.subList(1, lines.size())) {
            JsonNode n = JSON.readTree(line);
            results.put(byName.get(n.get("file").asText()), n);
        }
        assertEquals(cases.size(), results.size());
        return results;
    }

    /** Says so on stderr; an empty schema file accepts anything, and is not compared here. */
    private static boolean warnEmpty(Path f) {
        if (f.toString().endsWith(".schema.json")) System.err.println("WARNING SchemaAgreementTest: " + f + " is empty");
        return true;
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** ajv, ajv-formats and yaml at the versions of the committed lock file, installed once into src/test/ajv. */
    private static void installAjv() throws Exception {
        if (Files.isDirectory(AJV.resolve("node_modules/ajv")) && Files.isDirectory(AJV.resolve("node_modules/yaml"))) return;
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(AJV.toFile())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "npm ci in src/test/ajv failed:\n" + log);
    }
}
