package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/per-tenant-upgrade on real PostgreSQL: an include with for_each repeats its fragment per tenant,
 * each iteration's steps journaled as tenants[tenant].step, and a resume after one tenant failed goes on with that
 * tenant without running the finished tenant's steps again.
 */
class IncludeForEachTest {
    private static final String RUNBOOK = "../runbooks/examples/per-tenant-upgrade/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void eachTenantIsItsOwnJournaledIterationAndResumeGoesOnWithTheOneThatFailed() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        for (String t : new String[] {"tenant_a", "tenant_b"}) {
            db.exec("CREATE SCHEMA " + t);
            db.exec("CREATE TABLE " + t + ".accounts (id int)");
            db.exec("INSERT INTO " + t + ".accounts VALUES (1), (2)");
        }
        // tenant_b refuses the backfill until someone lifts this guard.
        db.exec("CREATE FUNCTION tenant_b.no_free() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$BEGIN RAISE EXCEPTION 'free plans are frozen'; END$$");
        db.exec("CREATE TRIGGER no_free BEFORE UPDATE ON tenant_b.accounts FOR EACH ROW EXECUTE FUNCTION tenant_b.no_free()");
        String target = "db=" + db.jdbcUrl() + "?user=postgres";

        TestCli.Result plan = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-9", "--target", target);
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("tenants[tenant_a].add-column") && plan.out().contains("tenants[tenant_b].none-missing"),
                plan.out());
        assertTrue(plan.out().contains("ALTER TABLE \"tenant_b\".accounts ADD COLUMN"), "each iteration shows its SQL: "
                + plan.out());

        Path runs = dir.resolve("runs");
        TestCli.Result first = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-9", "--target", target, "--out",
                runs.resolve("first").toString());
        assertEquals(1, first.code(), first.all());
        assertTrue(first.all().contains("tenants[tenant_b].backfill"), first.all());
        assertEquals("2", db.one("SELECT count(*) FROM tenant_a.accounts WHERE plan = 'free'"));
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(first.all());
        assertTrue(m.find(), first.all());
        String runId = m.group(1);
        Files.move(runs.resolve("first"), runs.resolve(runId));

        db.exec("DROP TRIGGER no_free ON tenant_b.accounts");
        TestCli.Result resume = TestCli.run("resume", runId, "--runs", runs.toString(), "--target", target,
                "--out", dir.resolve("resumed").toString());
        assertEquals(0, resume.code(), resume.all());
        assertEquals("2", db.one("SELECT count(*) FROM tenant_b.accounts WHERE plan = 'free'"));
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history WHERE item_key = 'step/tenants[tenant_a].backfill'"
                + " AND status = 'succeeded'"), "tenant_a's backfill ran once, in the first run");
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history WHERE item_key = 'step/tenants[tenant_b].backfill'"
                + " AND status = 'succeeded'"), "tenant_b's backfill ran once, in the resumed run");
    }

    @Test
    void aForEachInsideAForEachIncludeIsRefusedWithItsPosition() throws Exception {
        Files.createDirectories(dir.resolve("f"));
        Files.writeString(dir.resolve("f/inner.yaml"), """
                steps:
                  - id: each
                    for_each: [x, y]
                    sql: SELECT 1
                """);
        Files.writeString(dir.resolve("rb.yaml"), """
                version: 1
                id: nested
                targets:
                  db: { engine: postgresql, url: "postgresql://localhost/x" }
                steps:
                  - id: outer
                    for_each: [a, b]
                    include: f/inner.yaml
                """);
        TestCli.Result r = TestCli.run("validate", dir.resolve("rb.yaml").toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("inner.yaml:3:15") && r.all().contains("RB225"), r.all());
    }
}
