package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestRunbooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/** Environment variables named like secrets are secrets: a template that puts one into a command shows it masked. */
class SecretEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void aSecretNamedVariableInAShellCommandOrHeaderIsMaskedInEveryPlanFormat() throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: secret-env
                targets:
                  api: { engine: http, url: "https://api.example" }
                steps:
                  - id: call
                    mutating: false
                    shell: [curl, -H, "Authorization: Bearer ${env.API_TOKEN}", "https://api.example/${env.DB_PASSWORD}", "${env.REGION}"]
                  - id: ping
                    http: { get: "/ping?key=${env.STRIPE_API_KEY}", expect: status == 200 }
                """);
        Plan plan = TestRunbooks.plan(rb, null, Map.of(), Map.of("API_TOKEN", "tok-abc123", "DB_PASSWORD", "hunter2",
                "STRIPE_API_KEY", "sk_live_42", "REGION", "eu-west-1", "SKIP_TOKEN_CHECK", "true"));
        SecretMasker masker = new SecretMasker(plan.secrets());
        for (String out : new String[] {PlanText.render(plan, masker, Ansi.OFF), PlanJson.render(plan, masker),
                PlanMarkdown.render(PlanViews.of(plan, masker))}) {
            for (String secret : new String[] {"tok-abc123", "hunter2", "sk_live_42"}) {
                assertFalse(out.contains(secret), secret + " shown in:\n" + out);
            }
            // Not every variable is a secret, and a flag named like one does not mask every "true".
            assertTrue(out.contains("eu-west-1"), out);
        }
        assertFalse(plan.secrets().contains("true"), plan.secrets().toString());
    }
}
