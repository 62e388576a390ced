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

    @Test
    void aPasswordFileTheRunbookNamesStaysInsideItsFolder(@TempDir Path dir) throws IOException {
        // Its first line is sent to a server the runbook chose: naming /etc/shadow would send a hash there.
        for (String path : List.of("../../etc/shadow", "/etc/shadow", "secrets/../../outside.txt")) {
            Path rb = runbook(dir, "engine: postgresql\nurl: postgresql://db.example/app\npassword_file: " + path + "\n");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> TestRunbooks.plan(rb, null, Map.of(), Map.of()), path);
            String all = e.diagnostics().toString();
            assertTrue(all.contains("RB206") && all.contains("password_file") && all.contains("${env.DB_PASSWORD_FILE}"), all);
            assertTrue(all.contains("runbook.yaml:7:"), all);
        }
    }

    @Test
    void aPasswordFileLinkedOutOfTheFolderIsRefusedToo(@TempDir Path dir) throws IOException {
        Path outside = Files.createTempFile("pw", ".txt");
        Files.createSymbolicLink(dir.resolve("pw.txt"), outside);
        Path rb = runbook(dir, "engine: postgresql\nurl: postgresql://db.example/app\npassword_file: pw.txt\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(rb, null, Map.of(), Map.of()));
        assertTrue(e.diagnostics().toString().contains("escapes the runbook's folder"), e.diagnostics().toString());
    }

    @Test
    void aPasswordFileInsideTheFolderOrFromTheOperatorsEnvironmentIsKept(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/pw.txt"), "s3cret\n");
        Path rb = runbook(dir, "engine: postgresql\nurl: postgresql://db.example/app\npassword_file: secrets/pw.txt\n");
        Plan inside = TestRunbooks.plan(rb, null, Map.of(), Map.of());
        assertEquals(dir.resolve("secrets/pw.txt").toRealPath(),
                Path.of(inside.targets().get("db").settings().get("password_file")).toRealPath());
        Path operators = Files.createTempFile("app_db", ".pw");
        Files.writeString(operators, "s3cret\n");
        rb = runbook(dir, "engine: postgresql\nurl: postgresql://db.example/app\npassword_file: ${env.DB_PASSWORD_FILE}\n");
        Plan fromEnv = TestRunbooks.plan(rb, null, Map.of(), Map.of("DB_PASSWORD_FILE", operators.toString()));
        assertEquals(operators.toString(), fromEnv.targets().get("db").settings().get("password_file"));
        // A default written in the runbook is the runbook's choice, not the operator's.
        Path withDefault = runbook(dir, "engine: postgresql\nurl: postgresql://db.example/app\n"
                + "password_file: \"${env.DB_PASSWORD_FILE ?? '" + operators + "'}\"\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(withDefault, null, Map.of(), Map.of()));
        assertTrue(e.diagnostics().toString().contains("is an absolute path"), e.diagnostics().toString());
    }
}
