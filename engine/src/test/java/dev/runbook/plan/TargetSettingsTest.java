package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestRunbooks;
import dev.runbook.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetSettingsTest {
    private static Path runbook(Path dir, String target) throws IOException {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: target-settings
                targets:
                  db:
                %s
                steps:
                  - id: hello
                    sql: SELECT 1
                """.formatted(target.indent(4).stripTrailing()));
        return rb;
    }

    @Test
    void portEncryptAndTrustInterpolateLikeEveryOtherSetting(@TempDir Path dir) throws IOException {
        Path rb = runbook(dir, """
                engine: sqlserver
                host: ${env.DB_HOST}
                port: ${env.DB_PORT}
                database: aura
                user: ops
                encrypt: ${env.DB_ENCRYPT}
                trust_server_certificate: ${env.DB_TRUST}
                """);
        Plan plan = TestRunbooks.plan(rb, null, Map.of(),
                Map.of("DB_HOST", "sql01.internal", "DB_PORT", "14330", "DB_ENCRYPT", "strict", "DB_TRUST", "false"));
        PlannedTarget db = plan.targets().get("db");
        assertEquals("14330", db.settings().get("port"));
        assertEquals("strict", db.settings().get("encrypt"));
        assertEquals("false", db.settings().get("trust_server_certificate"));
        assertTrue(db.display().contains("sql01.internal") && db.display().contains("14330"), db.display());
    }

    @Test
    void aBadInterpolatedPortOrEncryptNamesTheKey(@TempDir Path dir) throws IOException {
        Path rb = runbook(dir, "engine: sqlserver\nhost: h\ndatabase: aura\nport: ${env.P}\nencrypt: ${env.E}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(rb, null, Map.of(), Map.of("P", "14x", "E", "yes")));
        String all = e.diagnostics().toString();
        assertTrue(all.contains("port '14x' is not a TCP port"), all);
        assertTrue(all.contains("encrypt 'yes' is not one of"), all);
    }

    @Test
    void aUrlFromTheEnvironmentIsMaskedOnlyWhereItHoldsCredentials(@TempDir Path dir) throws IOException {
        Path rb = runbook(dir, "engine: postgresql\nurl: ${env.DB_URL}\n");
        Plan plan = TestRunbooks.plan(rb, null, Map.of(),
                Map.of("DB_URL", "postgresql://app:s3cr3t-pw@db.internal:5432/shop"));
        String display = plan.targets().get("db").display();
        assertTrue(display.contains("db.internal:5432/shop"), "host and database stay readable: " + display);
        assertFalse(display.contains("s3cr3t-pw"), display);
        List<String> secrets = plan.secrets();
        assertTrue(secrets.contains("s3cr3t-pw"));
        String text = PlanText.render(plan, new SecretMasker(plan.secrets()), picocli.CommandLine.Help.Ansi.OFF);
        assertFalse(text.contains("s3cr3t-pw"), text);
        assertTrue(text.contains("db.internal"), text);
    }

    @Test
    void thePlanHashChangesWithTheTargetsAddressButNotWithItsPassword(@TempDir Path dir) throws IOException {
        Path rb = runbook(dir, "engine: postgresql\nurl: ${env.DB_URL}\n");
        String a = TestRunbooks.plan(rb, null, Map.of(), Map.of("DB_URL", "postgresql://app:pw1@db-a.internal/shop")).hash();
        String samePlaceOtherPassword = TestRunbooks.plan(rb, null, Map.of(),
                Map.of("DB_URL", "postgresql://app:pw2@db-a.internal/shop")).hash();
        String otherServer = TestRunbooks.plan(rb, null, Map.of(), Map.of("DB_URL", "postgresql://app:pw1@db-b.internal/shop")).hash();
        org.junit.jupiter.api.Assertions.assertEquals(a, samePlaceOtherPassword);
        org.junit.jupiter.api.Assertions.assertNotEquals(a, otherServer);
    }
}
