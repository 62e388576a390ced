package dev.runbook.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.parse.YamlJson;
import dev.runbook.parse.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * validate checks runbooks with the published schema less the rules whose findings it drops and no other rule
 * judges; its findings must be those of the published schema with every rule evaluated.
 */
class CheckedSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Step, rollback, shell, http and param kinds, among others: each refused with the same findings as before. */
    private static final List<String> SNIPPETS = List.of(
            "version: 1\nid: a\nsteps:\n  - id: s\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, sql: SELECT 1, shell: [echo]}\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, sql: SELECT 1, rollback: {sql: x, shell: [y]}}\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, shell: {argv: [a], script: b}}\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, http: {expect: status == 200}}\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, wait: {until: {name: c, sql: SELECT 1, check: x, expect: result == 1}}}\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, wait: {until: {name: c, expect: result == 1}}}\n",
            "version: 1\nid: a\nparams:\n  p: {type: enum}\n  q: {type: integer, default: x}\nsteps:\n  - {id: s, sql: x}\n",
            "version: 1\nid: a\npreconditions:\n  - {name: p, sql: x, http: {get: /}}\nsteps:\n  - {id: s, sql: x}\n",
            "version: 1\nid: a\nsteps:\n  - {id: s, sql: x, bogus: 1}\n  - 7\n  - {id: t, sql: 1}\n");

    @Test
    void theCheckedSchemaFindsWhatThePublishedOneFinds() throws IOException {
        SchemaValidator validator = new SchemaValidator();
        List<String> compared = new ArrayList<>();
        for (String text : SNIPPETS) compare(validator, text, "snippet:\n" + text, compared);
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Stream.concat(Files.walk(Path.of("../runbooks")),
                Files.list(Path.of("src/test/resources/schema-agreement"))), Files.list(Path.of("src/test/resources/golden/validate")))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && !p.getParent().endsWith("fragments")).sorted().toList();
        }
        for (Path f : files) compare(validator, Files.readString(f), f.toString(), compared);
        assertTrue(compared.size() > 80, "compared " + compared.size());
        assertTrue(compared.stream().filter(c -> !c.isEmpty()).count() > 30, "most cases are refused by the schema");
    }

    @Test
    void leavesOutOnlyRulesNothingElseJudges() throws IOException {
        JsonNode published = JSON.readTree(SchemaValidator.schemaText());
        Set<String> left = DroppedRules.unjudged(published, Set.of("stepKind", "rollbackKind", "shellBody", "httpUrl", "checkSource"));
        assertTrue(left.containsAll(Set.of("stepKind", "rollbackKind", "shellBody", "httpUrl")), left.toString());
        // A wait step's until: is one branch of a oneOf, so whether its check has one source decides that oneOf.
        assertFalse(left.contains("checkSource"), left.toString());
    }

    @Test
    void aDefJudgedOrReferringIsKept() throws IOException {
        JsonNode schema = JSON.readTree("""
                {"type": "object", "properties": {"a": {"$ref": "#/$defs/a"}, "b": {"oneOf": [{"$ref": "#/$defs/b"}, {}]},
                 "c": {"$ref": "#/$defs/c"}, "d": {"not": {"$ref": "#/$defs/outer"}}},
                 "$defs": {"a": {"allOf": [{"required": ["x"]}]}, "b": {"required": ["x"]},
                   "c": {"$ref": "#/$defs/a"}, "outer": {"allOf": [{"$ref": "#/$defs/inner"}]}, "inner": {"required": ["y"]}}}
                """);
        assertEquals(Set.of("a"), DroppedRules.unjudged(schema, Set.of("a", "b", "c", "inner")));
        JsonNode contextual = JSON.readTree("""
                {"properties": {"a": {"$ref": "#/$defs/a"}}, "unevaluatedProperties": false, "$defs": {"a": {"required": ["x"]}}}
                """);
        assertEquals(Set.of(), DroppedRules.unjudged(contextual, Set.of("a")));
    }

    private static void compare(SchemaValidator validator, String text, String what, List<String> compared) {
        YamlJson doc;
        try {
            doc = YamlJson.of(YamlLoader.loadText(text, "x.yaml"));
        } catch (InvalidInputException e) {
            return; // not YAML the schema is asked about
        }
        List<String> published = renders(validator.validateAgainstPublished(doc));
        assertEquals(published, renders(validator.validate(doc)), what);
        compared.add(String.join("\n", published));
    }

    private static List<String> renders(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::render).sorted().toList();
    }
}
