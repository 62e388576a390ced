package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runbook.TestRunbooks;
import dev.runbook.diag.Diagnostic;
import dev.runbook.plan.Decision;
import dev.runbook.plan.Invocation;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlanJson;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PolicyCheck;
import dev.runbook.plan.SecretMasker;
import dev.runbook.validate.ValidatedRunbook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seed runbooks in runbooks/ validate without errors and plan to what their seeds say, in the environment
 * that gates them hardest; every plan's JSON matches the published plan schema.
 */
class ExampleRunbooksPlanTest {
    static final Path RUNBOOKS = Path.of("..", "runbooks");
    static final Map<String, String> ENV = Map.of("DB_HOST", "sql01.internal", "DB_NAME", "auracore", "DB_USER", "ops",
            "AURACORE_BASE_URL", "http://127.0.0.1:9", "DB_PASSWORD", "s3cret-Passw0rd");

    private static Plan plan(String runbook, String env) {
        Invocation inv = new Invocation(env, Map.of("ticket", "OPS-42"), Map.of(), null, Map.of(), true, Set.of(), null,
                false, "tester", ENV);
        return TestRunbooks.plan(RUNBOOKS.resolve(runbook).resolve("runbook.yaml"), inv);
    }

    private static Map<String, String> decisions(Plan plan) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PlannedStep s : plan.steps()) out.put(s.id(), s.decision().word());
        return out;
    }

    private static Map<String, Boolean> policies(Plan plan) {
        return plan.policies().stream().collect(Collectors.toMap(PolicyCheck::name, PolicyCheck::satisfied,
                (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void everySeedRunbookValidatesWithoutErrors() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(RUNBOOKS)) {
            files = s.map(p -> p.resolve("runbook.yaml")).filter(Files::exists).sorted().toList();
        }
        assertEquals(5, files.size(), "the five seeds: " + files);
        for (Path f : files) {
            ValidatedRunbook v = TestRunbooks.validate(f);
            List<Diagnostic> errors = v.diagnostics().stream().filter(Diagnostic::isError).toList();
            assertTrue(errors.isEmpty(), f + ": " + errors);
        }
    }

    @Test
    void seed003StagingMigrationsPlanBackupMigrationsValidationsAndTheGatedDestructive008() {
        Plan plan = plan("staging-migrations-001-008", "staging");
        assertEquals(List.of("precheck.database-answers", "precheck.connection-identity", "freeze-confirmed", "backup",
                "migrate-001-007", "validate-defaults", "profile-distribution", "migrate-008", "grants", "grants-check",
                "privileges-review", "indexes-valid", "smoke", "counts-verified"), List.copyOf(decisions(plan).keySet()));
        PlannedStep m007 = plan.steps().get(4);
        PlannedAction.Migrate migrate = (PlannedAction.Migrate) m007.action();
        assertEquals(7, migrate.files().size(), migrate.files().toString());
        assertTrue(migrate.files().get(0).endsWith("001_init.sql") && migrate.files().get(6).endsWith("007_credentials_bootstrap.sql"));
        assertTrue(plan.steps().get(7).destructive(), "008 removes legacy structures");
        assertTrue(plan.steps().get(3).backup());
        Map<String, Boolean> p = policies(plan);
        assertEquals(Boolean.TRUE, p.get("require_ticket"));
        assertEquals(Boolean.TRUE, p.get("require_backup"));
        assertEquals(Boolean.FALSE, p.get("require_maintenance_window"), "not claimed on this invocation");
        assertEquals(Boolean.FALSE, p.get("destructive"), "008 needs --reason");
        assertEquals("skip", plan("staging-migrations-001-008", "dev").steps().get(2).decision().word(),
                "no freeze approval outside staging");
    }

    @Test
    void seed000AuracoreSqlServerSkipsSeedsAndAuditCallsByDefaultAndMasksThePassword() {
        Plan plan = plan("auracore-sqlserver-migrations-seeds", "prod");
        assertEquals("sqlserver", plan.targets().get("db").engine());
        assertTrue(plan.targets().get("db").display().contains("sql01.internal"), plan.targets().get("db").display());
        Map<String, String> d = decisions(plan);
        assertEquals("run", d.get("backup-native"));
        assertEquals("skip", d.get("seed-initial-tenant"), "seeds in prod only when asked for, with a reason");
        assertEquals("run", d.get("migrate"));
        assertEquals(Boolean.TRUE, policies(plan).get("require_approval change-approved"), "asked at its approval step");
        String json = PlanJson.render(plan, new SecretMasker(plan.secrets()));
        assertFalse(json.contains("s3cret-Passw0rd"), "password never in the plan");
    }

    @Test
    void seed001DbOnlyDeployKeepsApplyStepsBehindTheApplyFlag() {
        Plan plan = plan("db-only-postgres-deploy", "production");
        Map<String, String> d = decisions(plan);
        assertEquals("run", d.get("uploads-reorganize-dry-run"));
        assertEquals("run", d.get("rbac-dry-run"));
        for (String apply : List.of("uploads-reorganize-apply", "rbac-apply", "maintenance-on", "maintenance-off")) {
            assertEquals("skip", d.get(apply), apply + " waits for --param apply=true");
        }
        assertTrue(List.copyOf(d.keySet()).indexOf("backup-db") < List.copyOf(d.keySet()).indexOf("prisma-migrate-deploy"),
                "backup before migrate");
    }

    @Test
    void seed002GuardsComeFirstAndMigrationPrecedesTheCodeDeploy() {
        Plan plan = plan("production-ops-guards", "production");
        assertTrue(plan.preconditions().stream().anyMatch(p -> p.name().contains("hard guard")
                        && p.preview().contains("app_settings")),
                "the hard guards (environment markers in app_settings) are preconditions");
        List<String> ids = List.copyOf(decisions(plan).keySet());
        assertTrue(ids.indexOf("apply-migration") < ids.indexOf("merge-and-deploy"), "migration before code: " + ids);
        assertTrue(ids.indexOf("backup") < ids.indexOf("apply-migration"));
    }

    @Test
    void seed004DirectDeployNeedsApprovalAndAReasonForSeedDataInProduction() {
        Plan plan = plan("direito-lux-migrations", "production");
        Map<String, Boolean> p = policies(plan);
        assertEquals(Boolean.TRUE, p.get("require_approval production-approval"), "asked at its approval step");
        assertEquals(Boolean.FALSE, p.get("seed"), "seed data in production only with --reason");
        List<String> ids = List.copyOf(decisions(plan).keySet());
        assertTrue(ids.indexOf("backup-export") < ids.indexOf("migrate-schema"), ids.toString());
        assertTrue(plan.steps().stream().anyMatch(s -> s.id().equals("migrate-seed-data") && s.seed()));
    }

    @Test
    void everySeedPlanMatchesThePublishedPlanSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("..", "dsl-schema", "plan.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        ObjectMapper mapper = new ObjectMapper();
        for (String[] rb : new String[][] {{"staging-migrations-001-008", "staging"}, {"auracore-sqlserver-migrations-seeds", "prod"},
                {"db-only-postgres-deploy", "production"}, {"production-ops-guards", "production"},
                {"direito-lux-migrations", "production"}}) {
            Plan plan = plan(rb[0], rb[1]);
            Set<ValidationMessage> errors = schema.validate(mapper.readTree(PlanJson.render(plan, new SecretMasker(plan.secrets()))));
            assertTrue(errors.isEmpty(), rb[0] + ": " + errors);
        }
    }

    @Test
    void theTargetExamplesPlansShowDeferredElsewhereAndRestartedTargetsInTheirJson() throws IOException {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("..", "dsl-schema", "plan.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Map<String, String>> params = Map.of(
                "restore-then-sql", Map.of("ticket", "OPS-1", "server", "postgresql://db.internal:5432", "database", "copy"),
                "restart-target", Map.of("ticket", "OPS-1", "restart_command", "sudo systemctl restart postgresql"),
                "journal-elsewhere", Map.of("ticket", "OPS-1", "period", "2026-11"));
        Map<String, com.fasterxml.jackson.databind.JsonNode> plans = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : params.entrySet()) {
            Invocation inv = new Invocation(null, e.getValue(), Map.of(), null, Map.of(), true, Set.of(), null, false,
                    "tester", Map.of());
            Plan plan = TestRunbooks.plan(RUNBOOKS.resolve("examples").resolve(e.getKey()).resolve("runbook.yaml"), inv);
            com.fasterxml.jackson.databind.JsonNode json = mapper.readTree(PlanJson.render(plan, new SecretMasker(plan.secrets())));
            Set<ValidationMessage> errors = schema.validate(json);
            assertTrue(errors.isEmpty(), e.getKey() + ": " + errors);
            plans.put(e.getKey(), json);
        }
        assertEquals("lazy", plans.get("restore-then-sql").at("/targets/0/connect").asText());
        assertEquals("db", plans.get("restart-target").at("/steps/2/restarts_target").asText());
        assertEquals("primary", plans.get("journal-elsewhere").at("/targets/1/journal").asText());
        assertEquals("primary", plans.get("journal-elsewhere").at("/targets/0/journal").asText());
    }
}
