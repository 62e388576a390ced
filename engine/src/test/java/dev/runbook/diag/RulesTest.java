package dev.runbook.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rule catalogue (what SARIF publishes), REFERENCE.md's code tables and the codes the sources emit are one set. */
class RulesTest {
    @Test
    void catalogueReferenceAndEmittedCodesAgree() throws Exception {
        Map<String, String> catalogue = new TreeMap<>();
        for (Rules.Rule r : Rules.all()) catalogue.put(r.code(), r.severity().label());

        Map<String, String> reference = new TreeMap<>();
        // "error / warning": the first is the default; the rule's message says when it is the other.
        Matcher row = Pattern.compile("(?m)^\\| (RB\\d{3}) \\| (error|warning)(?: / (?:error|warning))? \\|")
                .matcher(Files.readString(Path.of("../dsl-schema/REFERENCE.md")));
        while (row.find()) reference.put(row.group(1), row.group(2));
        assertEquals(catalogue, reference, "REFERENCE.md's diagnostics tables and dev.runbook.diag.Rules");

        Map<String, String> emitted = new TreeMap<>();
        Pattern code = Pattern.compile("\"(RB\\d{3})\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.endsWith("Rules.java")) continue;
                Matcher m = code.matcher(Files.readString(f));
                while (m.find()) emitted.put(m.group(1), catalogue.getOrDefault(m.group(1), "MISSING"));
            }
        }
        emitted.forEach((c, sev) -> assertEquals(catalogue.get(c), sev, c + " is emitted but not in the catalogue"));
        assertEquals(catalogue.keySet(), emitted.keySet(), "every catalogued rule is emitted somewhere");
    }
}
