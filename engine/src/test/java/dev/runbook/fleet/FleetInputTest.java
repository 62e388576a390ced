package dev.runbook.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Fleet files (YAML and CSV) with positioned errors, plan --fleet with its hashes, and run --plan on a changed fleet. */
class FleetInputTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    @Test
    void aBadFleetFileIsRefusedWithEveryProblemPositionedAndNothingRuns() throws IOException {
        Fleets f = new Fleets(PG, dir, 1);
        String url = "postgresql://postgres@localhost:" + f.dbs.get(0).port() + "/" + f.dbs.get(0).name();
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                targets:
                  - name: a
                    lables: [eu]
                    url: %s
                    params: { tenant: a }
                  - name: a
                    url: %s
                  - name: c
                    targets: { ap: %s }
                    params: { tenannt: c }
                """.formatted(url, url, url));

        TestCli.Result r = TestCli.run("run", f.runbook.toString(), "--env", "dev", "--fleet", bad.toString(),
                "--out", dir.resolve("out").toString());

        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains(bad + ":3:5: error: unknown key 'lables' in a fleet target [RB801]"), r.err());
        assertTrue(r.err().contains("hint: allowed keys: labels, name, params, skip, targets, url"), r.err());
        assertTrue(r.err().contains(bad + ":6:5: error: target name 'a' is used twice (first at " + bad + ":2:5)"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));
        assertEquals(List.of(), f.runs(0), "nothing ran");
    }

    @Test
    void unknownTargetsAndParamsArePositionedInTheFleetFile() throws IOException {
        Fleets f = new Fleets(PG, dir, 1);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                targets:
                  - name: c
                    targets: { ap: "postgresql://u:hunter2@db/c" }
                    params: { tenannt: c }
                """);

        TestCli.Result r = TestCli.run("plan", f.runbook.toString(), "--env", "dev", "--fleet", bad.toString());

        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains(bad + ":3:16: error: unknown target 'ap' for fleet target 'c' [RB803]"), r.err());
        assertTrue(r.err().contains("hint: the runbook's targets: app"), r.err());
        assertTrue(r.err().contains(bad + ":4:15: error: unknown param 'tenannt' for target 'c' [RB803]"), r.err());
        assertFalse(r.all().contains("hunter2"));
    }

    @Test
    void aCsvFleetPlansWithPasswordsMaskedAndItsErrorsNameLineAndColumn() throws IOException {
        Fleets f = new Fleets(PG, dir, 2);
        Path csv = dir.resolve("fleet.csv");
        Files.writeString(csv, "name,labels,url,param.tenant\n"
                + "eu-1,canary;eu,postgresql://app:s3cret@localhost:" + f.dbs.get(0).port() + "/" + f.dbs.get(0).name() + ",\"a,1\"\n"
                + "us-1,us,postgresql://app:s3cret@localhost:" + f.dbs.get(1).port() + "/" + f.dbs.get(1).name() + ",b\n");

        TestCli.Result r = TestCli.run("plan", f.runbook.toString(), "--env", "dev", "--fleet", csv.toString(),
                "--canary", "label:canary");

        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("canary (1 target(s)): must all succeed before any other target starts"), r.out());
        assertTrue(r.out().matches("(?s).*\n  eu-1  sha256:[0-9a-f]{64}  app=postgresql://app@localhost:\\d+/.*"), r.out());
        assertTrue(r.out().contains("fleet hash: sha256:"), r.out());
        assertFalse(r.all().contains("s3cret"), r.all());

        Files.writeString(csv, "name,url,target.db\nx,postgresql://h/x,postgresql://h/y\n");
        TestCli.Result bad = TestCli.run("plan", f.runbook.toString(), "--env", "dev", "--fleet", csv.toString());
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains(csv + ":2:20: error: unknown target 'db' for fleet target 'x'"), bad.err());
    }

    @Test
    void aCatalogQueryListsTheFleetAndIsOnlyRead() throws IOException {
        Fleets f = new Fleets(PG, dir, 2);
        TestPostgres.Db catalog = PG.freshDatabase();
        catalog.exec("CREATE TABLE tenants (tenant text, db text, region text, active boolean)");
        for (int i = 0; i < 2; i++) {
            catalog.exec("INSERT INTO tenants VALUES ('cat-" + i + "', 'postgresql://postgres@localhost:" + f.dbs.get(i).port()
                    + "/" + f.dbs.get(i).name() + "', 'eu', true)");
        }
        catalog.exec("INSERT INTO tenants VALUES ('gone', 'postgresql://nowhere.invalid/x', 'eu', false)");
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, """
                query:
                  url: "postgresql://postgres@localhost:%d/%s"
                  sql: SELECT tenant AS name, db AS url, region AS labels, tenant AS "param.tenant" FROM tenants WHERE active ORDER BY tenant
                """.formatted(catalog.port(), catalog.name()));

        TestCli.Result r = f.run(dir.resolve("out"), "--canary", "1");

        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("2 target(s), 2 succeeded"), r.out());
        assertEquals("cat-1", f.dbs.get(1).one("SELECT tenant FROM marks"));
        assertEquals(List.of("tenants"), catalog.column("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));
        assertEquals(null, catalog.one("SELECT to_regclass('runbook.history')::text"), "no journal in the catalog");

        Files.writeString(fleet, """
                query:
                  url: "postgresql://postgres@localhost:%d/%s"
                  sql: SELECT tenant AS name, db AS link FROM tenants
                """.formatted(catalog.port(), catalog.name()));
        TestCli.Result bad = TestCli.run("plan", f.runbook.toString(), "--env", "dev", "--fleet", fleet.toString());
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains(fleet + ":3:8: error: unknown column 'link' in the catalog query's columns [RB801]"),
                bad.err());
    }

    @Test
    void runWithASavedFleetPlanRefusesAFleetThatChangedAndRunsTheOneThatDidNot() throws IOException {
        Fleets f = new Fleets(PG, dir, 3);
        Path fleet = f.fleetFile(null);
        Path saved = dir.resolve("fleet-plan.json");
        TestCli.Result plan = TestCli.run("plan", f.runbook.toString(), "--env", "dev", "--fleet", fleet.toString(),
                "--concurrency", "2", "--out", saved.toString());
        assertEquals(0, plan.code(), plan.all());

        Files.writeString(fleet, Files.readString(fleet).replace("tenant-3", "tenant-three"));
        TestCli.Result changed = f.run(dir.resolve("refused"), "--concurrency", "2", "--plan", saved.toString());
        assertEquals(2, changed.code(), changed.all());
        assertTrue(changed.err().contains("the fleet changed since its plan was saved"), changed.err());
        assertTrue(changed.err().matches("(?s).*target t03: plan sha256:\\w+ -> sha256:\\w+.*"), changed.err());
        TestCli.Result otherRollout = f.run(dir.resolve("refused2"), "--concurrency", "3", "--plan", saved.toString());
        assertEquals(2, otherRollout.code(), otherRollout.all());
        assertTrue(otherRollout.err().contains("rollout: was 'canary none; waves all; concurrency 2;"), otherRollout.err());
        for (int i = 0; i < 3; i++) assertEquals(List.of(), f.runs(i));

        Files.writeString(fleet, Files.readString(fleet).replace("tenant-three", "tenant-3"));
        TestCli.Result ok = f.run(dir.resolve("ok"), "--concurrency", "2", "--plan", saved.toString());
        assertEquals(0, ok.code(), ok.all());
        for (int i = 0; i < 3; i++) assertEquals(1, f.runs(i).size());
    }
}
