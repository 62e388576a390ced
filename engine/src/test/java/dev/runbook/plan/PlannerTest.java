package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestRunbooks;
import dev.runbook.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/plan/runbook.yaml");
    static final Map<String, String> ENV = Map.of("FIXTURE_DB_URL", "postgresql://app:pa55word-xyz@db.internal:5432/shop");

    private static Plan planDev(Map<String, String> params) {
        return TestRunbooks.plan(FIXTURE, "dev", params, ENV);
    }

    @Test
    void inlinesIncludesAndSqlFilesInOrder() {
        Plan plan = planDev(Map.of("ticket", "OPS-1"));
        List<String> ids = plan.steps().stream().map(PlannedStep::id).toList();
        assertEquals(List.of("precheck.rows", "backup", "go-ahead", "change", "apply-only", "after-change", "purge", "health"), ids);
        PlannedAction.Sql change = (PlannedAction.Sql) plan.steps().get(3).action();
        assertEquals("INSERT INTO items(batch, owner_id) VALUES (:batch, 1);\nINSERT INTO items(batch, owner_id) VALUES (:batch, 2);\n",
                change.sql().text(), "file inlined with CRLF normalised; params stay bind parameters");
        assertEquals(0L, plan.steps().get(0).params().get("min_rows"), "include gets its own typed params");
    }

    @Test
    void guardsListEverySourceTheyCompare() {
        Plan plan = planDev(Map.of("ticket", "OPS-1"));
        PlannedPrecondition guard = plan.preconditions().get(1);
        assertEquals("guard", guard.kind().word());
        assertTrue(guard.preview().contains("declared ${environment} mapped by {prod=production}"), guard.preview());
        assertTrue(guard.preview().contains("== APP_ENV"), guard.preview());
        assertTrue(guard.preview().contains("== database marker: SELECT value FROM app_settings WHERE key = 'environment'"), guard.preview());
        assertTrue(guard.preview().contains("== /health/deep .environment"), guard.preview());
    }

    @Test
    void decidesWhenStaticallyOrDefersToRunTime() {
        Plan plan = planDev(Map.of("ticket", "OPS-1"));
        PlannedStep applyOnly = plan.steps().get(4);
        assertInstanceOf(Decision.Skip.class, applyOnly.decision());
        assertEquals("when: params.apply is false", ((Decision.Skip) applyOnly.decision()).reason());
        assertInstanceOf(Decision.AtRunTime.class, plan.steps().get(5).decision(), "reads steps.change.affected");
        Plan applied = planDev(Map.of("ticket", "OPS-1", "apply", "true"));
        assertInstanceOf(Decision.Run.class, applied.steps().get(4).decision());
    }

    @Test
    void appliesDefaultsTargetsRollbacksAndRetries() {
        Plan plan = planDev(Map.of("ticket", "OPS-1"));
        PlannedStep change = plan.steps().get(3);
        assertEquals("app", change.target());
        assertEquals("DELETE FROM items WHERE batch = :batch", change.rollback().action().preview());
        PlannedStep health = plan.steps().get(7);
        assertEquals("api", health.target(), "relative http url uses the only http target");
        assertEquals(3, health.retry().attempts());
        assertEquals("continue", plan.steps().get(6).onFailure().word());
        assertTrue(plan.steps().get(3).notes().isEmpty());
        assertTrue(plan.steps().get(6).notes().contains("no rollback declared"));
    }

    @Test
    void redactsTargetsAndCollectsSecrets() {
        Plan plan = planDev(Map.of("ticket", "OPS-1"));
        assertEquals("postgresql://app@db.internal:5432/shop", plan.targets().get("app").display());
        assertTrue(plan.secrets().contains("pa55word-xyz"));
        assertTrue(plan.secrets().contains("tok-very-secret-1234"));
        SecretMasker masker = new SecretMasker(plan.secrets());
        String json = PlanJson.render(plan, masker);
        assertFalse(json.contains("pa55word-xyz"));
        assertFalse(json.contains("tok-very-secret-1234"));
        assertTrue(json.contains("\"api_token\" : \"******\""));
    }

    @Test
    void productionPoliciesShowWhatIsMissing() {
        Plan plan = TestRunbooks.plan(FIXTURE, "prod", Map.of("ticket", "CHG-9"), ENV);
        Map<String, PolicyCheck> byName = new java.util.HashMap<>();
        plan.policies().forEach(p -> byName.put(p.name(), p));
        assertFalse(byName.get("require_ticket").satisfied());
        assertTrue(byName.get("require_ticket").detail().contains("does not match"));
        assertTrue(byName.get("require_backup").satisfied(), byName.get("require_backup").detail());
        assertFalse(byName.get("destructive").satisfied());
        assertTrue(byName.get("destructive").detail().contains("purge"));
        assertTrue(byName.get("require_approval go-ahead").satisfied(), "the approval step itself is the gate");
        assertTrue(byName.get("require_approval go-ahead").detail().contains("asked at step go-ahead"),
                byName.get("require_approval go-ahead").detail());
        Plan ok = TestRunbooks.plan(FIXTURE, new Invocation("prod", Map.of("ticket", "OPS-7"), Map.of(), null, Map.of(), false,
                Set.of("go-ahead"), "quarterly cleanup", false, "tester", ENV));
        assertTrue(ok.policiesSatisfied(), ok.policies().toString());
    }

    @Test
    void refusesBadInvocationsWithEveryProblem() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> planDev(Map.of("ticket", "not a ticket", "batch", "5000", "nope", "1")));
        String all = e.diagnostics().toString();
        assertTrue(all.contains("param 'ticket' must match ^[A-Z]+-[0-9]+$"), all);
        assertTrue(all.contains("param 'batch' must be at most 1000"), all);
        assertTrue(all.contains("unknown param 'nope'"), all);
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> planDev(Map.of()));
        assertTrue(missing.diagnostics().get(0).message().contains("missing required param 'ticket'"));
        InvalidInputException env = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(FIXTURE, "qa", Map.of("ticket", "OPS-1"), ENV));
        assertTrue(env.diagnostics().get(0).message().contains("environment 'qa' is not one this runbook may target"));
        InvalidInputException noEnv = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(FIXTURE, null, Map.of("ticket", "OPS-1"), ENV));
        assertTrue(noEnv.diagnostics().get(0).message().contains("--env is required"));
        InvalidInputException unsetUrl = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(FIXTURE, "dev", Map.of("ticket", "OPS-1"), Map.of()));
        assertTrue(unsetUrl.diagnostics().get(0).message().contains("environment variable FIXTURE_DB_URL is not set"));
    }

    @Test
    void anEnvironmentCanTreatLintAsErrors(@TempDir Path tmp) throws IOException {
        Path rb = tmp.resolve("rb.yaml");
        Files.writeString(rb, "version: 1\nid: lint-env\nenvironments:\n  dev: {}\n  prod: { lint: error }\n"
                + "targets:\n  app: { engine: postgresql, url: \"${env.X}\" }\nsteps:\n  - id: wipe\n    sql: |\n"
                + "      SELECT 1;\n      DELETE FROM orders;\n    rollback: { sql: SELECT 1 }\n");
        Plan dev = TestRunbooks.plan(rb, "dev", Map.of(), Map.of("X", "postgresql://h/db"));
        assertTrue(dev.warnings().stream().anyMatch(w -> w.code().equals("RB302")), "a warning in dev");
        InvalidInputException prod = assertThrows(InvalidInputException.class,
                () -> TestRunbooks.plan(rb, "prod", Map.of(), Map.of("X", "postgresql://h/db")));
        // SELECT 1; DELETE ... changes the target, so RB303 (production without a backup step) comes too.
        var destructive = prod.diagnostics().stream().filter(x -> x.code().equals("RB302")).findFirst().orElseThrow();
        assertEquals("rb.yaml", Path.of(destructive.position().file()).getFileName().toString());
        assertEquals(12, destructive.position().line(), "the DELETE's own line");
        assertTrue(destructive.message().contains("DELETE without WHERE in step 'wipe' is not marked destructive"
                + " (environment 'prod' treats lint as errors)"), prod.diagnostics().toString());
    }

    @Test
    void embeddedNeedsNoConnectionSettings() {
        Plan plan = TestRunbooks.plan(FIXTURE, new Invocation("dev", Map.of("ticket", "OPS-1"), Map.of(), null, Map.of(), true,
                Set.of(), null, false, "tester", Map.of()));
        assertEquals("true", plan.targets().get("app").settings().get("embedded"));
        assertNull(plan.targets().get("app").settings().get("url"));
    }

    @Test
    void planHashIgnoresLineEndingsButNotContent(@TempDir Path tmp) throws IOException {
        Path copy = copyFixture(tmp.resolve("a"));
        String base = TestRunbooks.plan(copy, "dev", Map.of("ticket", "OPS-1"), ENV).hash();
        assertEquals(base, planDev(Map.of("ticket", "OPS-1")).hash(), "same content, same hash, wherever it lives");
        Path sql = copy.getParent().resolve("sql/change.sql");
        Files.writeString(sql, Files.readString(sql).replace("\r\n", "\n"));
        assertEquals(base, TestRunbooks.plan(copy, "dev", Map.of("ticket", "OPS-1"), ENV).hash(), "CRLF vs LF");
        Files.writeString(sql, Files.readString(sql).replace("1);", "3);"));
        assertNotEquals(base, TestRunbooks.plan(copy, "dev", Map.of("ticket", "OPS-1"), ENV).hash(), "one character changed");
        assertNotEquals(base, TestRunbooks.plan(copy, "dev", Map.of("ticket", "OPS-2"), ENV).hash(), "param changed");
    }

    static Path copyFixture(Path dest) throws IOException {
        Path src = FIXTURE.getParent();
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = dest.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return dest.resolve("runbook.yaml");
    }
}
