package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shell step's argv as the plan shows it: plain words bare, anything else quoted as a shell would need. */
class PlanShellPreviewTest {
    @TempDir
    Path dir;

    @Test
    void plainWordsStayBareTheRestIsSingleQuoted() throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: shell-preview
                params:
                  ticket: { type: string, default: OPS-1 }
                steps:
                  - id: words
                    mutating: false
                    shell: [echo, "s2 ${params.ticket}", "it's", "a/b.c=d@e%f+g,h:i-j", ""]
                """);
        TestCli.Result r = TestCli.run("plan", rb.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode step = new ObjectMapper().readTree(r.out()).path("steps").path(0);
        assertEquals("echo 's2 OPS-1' 'it'\\''s' a/b.c=d@e%f+g,h:i-j ''", step.path("text").asText());
    }
}
