package dev.runbook.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration folders written in each of Flyway's naming forms are validated, planned and run by a one-step
 * runbook exactly as Flyway itself applies them to a fresh database: the same flyway_schema_history rows
 * (checksums included) and the same callbacks run in the same order.
 */
class FlywayFormsTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    private static final String HISTORY = "SELECT coalesce(version, '-') || ' ' || description || ' ' || type || ' '"
            + " || script || ' ' || coalesce(checksum::text, '-') || ' ' || success FROM flyway_schema_history ORDER BY installed_rank";

    private Path folder() throws IOException {
        return Files.createDirectories(dir.resolve("migrations"));
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(dir.resolve("migrations").resolve(name), sql);
    }

    /** A callback that leaves a row saying it ran. */
    private void callback(String name) throws IOException {
        write(name, "INSERT INTO audit.log (what) VALUES ('" + name + "');\n");
    }

    private Path runbook(String migrate) throws IOException {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: flyway-forms
                targets:
                  db: { engine: postgresql, url: "postgresql://h/db" }
                steps:
                  - id: migrate
                    migrate: %s
                    rollback: { sql: SELECT 1 }
                """.formatted(migrate));
        return rb;
    }

    private static TestPostgres.Db database() {
        TestPostgres.Db db = PG.freshDatabase();
        db.exec("CREATE SCHEMA audit; CREATE TABLE audit.log (seq serial PRIMARY KEY, what text NOT NULL)");
        return db;
    }

    private static void flywayAlone(TestPostgres.Db db, Path folder) {
        Flyway.configure().dataSource(db.dataSource()).locations("filesystem:" + folder).load().migrate();
    }

    private TestCli.Result run(Path rb, TestPostgres.Db db, String out) {
        return TestCli.run("run", rb.toString(), "--target", "db=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve(out).toString());
    }

    @Test
    void everyNamingFormAndCallbackEventRunsAsUnderFlywayItself() throws IOException {
        Path folder = folder();
        write("V1__init.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);\n");
        write("V2.sql", "INSERT INTO items VALUES (1, 'one');\n");
        write("V3__.sql", "INSERT INTO items VALUES (2, 'two');\n");
        write("V4_1__x.SQL", "ALTER TABLE items ADD COLUMN price int;\n");
        write("R__items_view.sql", "CREATE OR REPLACE VIEW item_names AS SELECT name FROM items;\n");
        for (String c : List.of("beforeValidate.sql", "afterValidate.sql", "beforeMigrate__first.sql", "beforeMigrate__second.sql",
                "beforeEachMigrate.sql", "afterEachMigrate__log.sql", "beforeEachMigrateStatement.sql",
                "afterEachMigrateStatement.sql", "afterVersioned.sql", "beforeRepeatables.sql", "afterMigrateApplied.sql",
                "afterMigrate.sql", "afterMigrateError.sql", "afterEachMigrateError.sql")) {
            callback(c);
        }
        write("readme.sql", "-- not a migration\n");
        write("v9__lowercase.sql", "SELECT 1;\n");
        Files.writeString(folder.resolve("NOTES.md"), "notes\n");
        Path rb = runbook("{ locations: [migrations] }");

        TestCli.Result validate = TestCli.run("validate", rb.toString());
        assertEquals(0, validate.code(), validate.all());
        assertTrue(validate.all().contains("migration file migrations/readme.sql is ignored by Flyway"), validate.all());
        assertTrue(validate.all().contains("migrations/v9__lowercase.sql is ignored by Flyway"), validate.all());

        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--target", "db=postgresql://h/db");
        assertEquals(0, plan.code(), plan.all());
        for (String f : List.of("migrations/V1__init.sql", "migrations/V2.sql", "migrations/V3__.sql", "migrations/V4_1__x.SQL",
                "migrations/R__items_view.sql", "migrations/afterMigrate.sql (afterMigrate)",
                "migrations/beforeMigrate__first.sql (beforeMigrate)", "migrations/readme.sql (Unrecognised migration name format",
                "migrations/NOTES.md (not an SQL file")) {
            assertTrue(plan.out().contains(f), f + " in\n" + plan.out());
        }

        TestPostgres.Db ours = database();
        TestCli.Result r = run(rb, ours, "run");
        assertEquals(0, r.code(), r.all());
        TestPostgres.Db theirs = database();
        flywayAlone(theirs, folder);

        List<String> history = theirs.column(HISTORY);
        assertEquals(5, history.size(), history.toString());
        assertEquals(history, ours.column(HISTORY), "the same history rows, checksums included");
        List<String> log = theirs.column("SELECT what FROM audit.log ORDER BY seq");
        assertTrue(log.contains("afterMigrate.sql") && log.contains("beforeMigrate__second.sql"), log.toString());
        assertFalse(log.contains("afterMigrateError.sql"), log.toString());
        assertEquals(log, ours.column("SELECT what FROM audit.log ORDER BY seq"), "the same callbacks in the same order");
        String report = Files.readString(dir.resolve("run/events.jsonl"));
        assertTrue(report.contains("callback ran: migrations/afterMigrate.sql (afterMigrate)"), report);
        assertTrue(report.contains("callback not run (its event did not fire): migrations/afterMigrateError.sql"), report);
    }

    @Test
    void aBaselineMigrationReplacesTheVersionsBelowItOnAFreshDatabase() throws IOException {
        Path folder = folder();
        write("V1__a.sql", "CREATE TABLE a (id int);\n");
        write("V2__b.sql", "DROP TABLE a;\n");
        write("B2__baseline.sql", "CREATE TABLE b (id int);\n");
        write("V3__c.sql", "CREATE TABLE c (id int);\n");
        Path rb = runbook("{ locations: [migrations] }");

        TestCli.Result validate = TestCli.run("validate", rb.toString());
        assertEquals(0, validate.code(), validate.all());
        assertFalse(validate.all().contains("V2__b.sql"), "a version below the baseline is never run here, so not linted: "
                + validate.all());
        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--target", "db=postgresql://h/db");
        assertTrue(plan.out().contains("migrations/B2__baseline.sql  (baseline migration"), plan.out());
        assertTrue(plan.out().contains("not run (below the baseline): migrations/V1__a.sql, migrations/V2__b.sql"), plan.out());

        TestPostgres.Db ours = database();
        assertEquals(0, run(rb, ours, "run").code());
        TestPostgres.Db theirs = database();
        flywayAlone(theirs, folder);
        assertEquals(theirs.column(HISTORY), ours.column(HISTORY));
        assertEquals(List.of("2 baseline SQL_BASELINE B2__baseline.sql"), ours.column(
                "SELECT version || ' ' || description || ' ' || type || ' ' || script FROM flyway_schema_history WHERE version = '2'"));
        assertTrue(ours.tableExists("b") && ours.tableExists("c") && !ours.tableExists("a"));
    }

    @Test
    void aSecondRunWithNothingPendingSaysSoAndPlanConnectSeesAChangedFile() throws IOException {
        folder();
        write("V1__init.sql", "CREATE TABLE items (id int PRIMARY KEY);\n");
        write("V2__more.sql", "ALTER TABLE items ADD COLUMN name text;\n");
        Path rb = runbook("{ locations: [migrations] }");
        TestPostgres.Db db = database();
        TestCli.Result first = run(rb, db, "first");
        assertEquals(0, first.code(), first.all());
        assertTrue(first.out().contains("target: changed as planned"), first.out());

        TestCli.Result again = run(rb, db, "again");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.all().contains("1 of 1 steps ran, 0 skipped; nothing pending in migrate"), again.all());
        assertTrue(again.out().contains("target: unchanged: nothing pending in migrate"), again.out());
        assertFalse(again.out().contains("changed as planned"), again.out());

        write("V1__init.sql", "CREATE TABLE items (id bigint PRIMARY KEY);\n");
        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--target", "db=" + db.jdbcUrl() + "?user=postgres", "--connect");
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("Flyway validate fails, so a run would stop before applying anything: V1__init.sql changed after it was applied"), plan.out());
        assertTrue(plan.out().contains("[would FAIL now]"), plan.out());
        assertFalse(plan.out().contains("nothing pending"), plan.out());
        TestCli.Result run = run(rb, db, "changed");
        assertEquals(1, run.code(), "and the run indeed fails on it: " + run.all());
        assertTrue(run.all().contains("V1__init.sql changed after it was applied"), run.all());
    }

    @Test
    void baselineOnMigrateIsPlannedAndItsOwnVersionsAreNotListedAsPending() throws IOException {
        Path folder = folder();
        write("V1__legacy.sql", "CREATE TABLE legacy (id int);\n");
        write("V2__legacy_more.sql", "ALTER TABLE legacy ADD COLUMN x int;\n");
        write("V3__new.sql", "CREATE TABLE fresh (id int);\n");
        Path rb = runbook("{ locations: [migrations], baseline: { version: \"2\", on_migrate: true } }");
        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--target", "db=postgresql://h/db");
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("baseline: version 2 (baseline_on_migrate"), plan.out());
        assertTrue(plan.out().contains("not run (below the baseline): migrations/V1__legacy.sql, migrations/V2__legacy_more.sql"),
                plan.out());
        assertFalse(plan.out().contains("\n    migrations/V1__legacy.sql"), plan.out());

        // A database that predates the history: its tables exist, Flyway records the baseline and applies V3 only.
        TestPostgres.Db ours = database();
        ours.exec("CREATE TABLE legacy (id int, x int)");
        assertEquals(0, run(rb, ours, "run").code());
        TestPostgres.Db theirs = database();
        theirs.exec("CREATE TABLE legacy (id int, x int)");
        Flyway.configure().dataSource(theirs.dataSource()).locations("filesystem:" + folder).baselineVersion("2")
                .baselineOnMigrate(true).load().migrate();
        List<String> history = theirs.column("SELECT version || ' ' || type || ' ' || script FROM flyway_schema_history ORDER BY installed_rank");
        assertEquals(List.of("2 BASELINE << Flyway Baseline >>", "3 SQL V3__new.sql"), history);
        assertEquals(history, ours.column("SELECT version || ' ' || type || ' ' || script FROM flyway_schema_history ORDER BY installed_rank"));
    }
}
