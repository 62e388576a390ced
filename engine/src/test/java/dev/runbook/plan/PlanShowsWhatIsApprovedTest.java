package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan shows a reviewer what they approve: descriptions, whole rollbacks, shell environment, for_each ids. */
class PlanShowsWhatIsApprovedTest {
    @TempDir
    Path dir;

    @Test
    void descriptionsWholeRollbacksAndShellEnvironmentAreInTextAndJson() throws Exception {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, """
                version: 1
                id: reviewed
                description: Why this change exists, for the reviewer.
                params:
                  token: { type: string, secret: true, default: tok-very-secret-9 }
                targets:
                  db: { engine: postgresql, url: "postgresql://u@127.0.0.1:9/x" }
                steps:
                  - id: restore-point
                    description: The restore point the rollback below returns to.
                    shell:
                      script: echo taking a snapshot
                      env: { API_TOKEN: "${params.token}", REGION: eu-west-1 }
                    rollback:
                      sql: |
                        UPDATE flags SET on = false WHERE name = 'x';
                        DELETE FROM audit WHERE run = 'r1';
                  - id: loop
                    for_each: [a, b]
                    mutating: false
                    sql: SELECT 1
                """);
        TestCli.Result text = TestCli.run("plan", f.toString());
        assertEquals(0, text.code(), text.all());
        assertTrue(text.out().contains("Why this change exists, for the reviewer."), text.out());
        assertTrue(text.out().contains("# The restore point the rollback below returns to."), text.out());
        assertTrue(text.out().contains("env: REGION=eu-west-1"), text.out());
        assertTrue(text.out().contains("DELETE FROM audit WHERE run = 'r1';"), "the whole rollback: " + text.out());
        assertFalse(text.all().contains("tok-very-secret-9"), text.all());

        Path json = dir.resolve("plan.json");
        TestCli.Result saved = TestCli.run("plan", f.toString(), "--format", "json", "--out", json.toString());
        assertEquals(0, saved.code(), saved.all());
        JsonNode plan = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("Why this change exists, for the reviewer.", plan.path("runbook").path("description").asText());
        assertEquals("The restore point the rollback below returns to.", plan.path("steps").get(0).path("description").asText());
        assertEquals("loop[b]", plan.path("steps").get(2).path("id").asText());
    }
}
