package dev.runbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The schema's exactly-one rules name the same kinds the builder knows, so a new kind cannot be half added. */
class KindsInSchemaTest {
    @Test
    void theSchemasKindListsAreTheBuildersKinds() throws Exception {
        JsonNode defs = new ObjectMapper().readTree(Path.of("../dsl-schema/runbook.schema.json").toFile()).get("$defs");
        assertEquals(new TreeSet<>(RunbookBuilder.STEP_KINDS), kinds(defs.get("stepKind")));
        assertEquals(new TreeSet<>(RunbookBuilder.PRECONDITION_KINDS), kinds(defs.get("preconditionKind")));
        assertEquals(new TreeSet<>(RunbookBuilder.ROLLBACK_KINDS), kinds(defs.get("rollbackKind")));
    }

    private static Set<String> kinds(JsonNode rule) {
        Set<String> out = new TreeSet<>();
        rule.get("oneOf").forEach(branch -> out.add(branch.get("required").get(0).asText()));
        return out;
    }
}
