package dev.runbook.diag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Diagnostics as one SARIF 2.1.0 log (one run, every rule of the catalogue), the format code-scanning
 * services (GitHub, Azure DevOps, SonarQube, IDE viewers) read for lint findings.
 */
public final class SarifLog {
    public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifLog() {}

    /** The log of {@code diagnostics} as produced by {@code toolVersion}; findings keep the severity given. */
    public static ObjectNode of(List<Diagnostic> diagnostics, String toolVersion) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode log = mapper.createObjectNode().put("$schema", SCHEMA_URI).put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver")
                .put("name", "runbook").put("version", toolVersion);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        for (Rules.Rule r : Rules.all()) {
            index.put(r.code(), index.size());
            ObjectNode rule = rules.addObject().put("id", r.code());
            rule.putObject("shortDescription").put("text", r.description());
            rule.putObject("defaultConfiguration").put("level", level(r.severity()));
            // No helpUri: the project has no canonical web address; the reference ships with the sources.
            rule.putObject("help").put("text", "See dsl-schema/REFERENCE.md, section Diagnostics, code " + r.code() + ".");
        }
        ArrayNode results = run.putArray("results");
        for (Diagnostic d : diagnostics) {
            ObjectNode result = results.addObject().put("ruleId", d.code());
            Integer i = index.get(d.code());
            if (i != null) result.put("ruleIndex", i);
            result.put("level", level(d.severity()));
            String text = d.hint() == null || d.hint().isBlank() ? d.message() : d.message() + "\nhint: " + d.hint();
            result.putObject("message").put("text", text);
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(d.position().file()));
            if (d.position().line() > 0) {
                physical.putObject("region").put("startLine", d.position().line())
                        .put("startColumn", Math.max(1, d.position().column()));
            }
        }
        return log;
    }

    private static String level(Severity s) {
        return s == Severity.ERROR ? "error" : "warning";
    }

    /** A relative URI reference, as SARIF viewers resolve against the checkout: forward slashes, spaces escaped. */
    static String uri(String file) {
        String path = file.replace('\\', '/');
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return path;
        }
    }
}
