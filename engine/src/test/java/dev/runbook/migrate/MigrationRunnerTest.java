package dev.runbook.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.model.MigrateSpec.Naming;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Flyway through {@link MigrationRunner} against a real PostgreSQL: targets, naming, drift, failures, info. */
class MigrationRunnerTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    TestPostgres.Db db;
    MigrationRunner runner;

    @BeforeEach
    void setUp() {
        db = PG.freshDatabase();
        runner = new MigrationRunner(db.dataSource());
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(dir.resolve(name), sql);
    }

    private MigrationRequest flyway() {
        return MigrationRequest.latest(List.of(dir), Naming.FLYWAY);
    }

    private MigrationRequest numbered() {
        return MigrationRequest.latest(List.of(dir), Naming.NUMBERED);
    }

    @Test
    void migratesToATargetVersionThenFurther() throws IOException {
        write("V1__create_users.sql", "CREATE TABLE users (id int PRIMARY KEY);");
        write("V2__add_email.sql", "ALTER TABLE users ADD COLUMN email text;");
        write("V3__create_orders.sql", "CREATE TABLE orders (id int);");

        MigrationResult first = runner.migrate(flyway().withTarget("2"));
        assertTrue(first.succeeded(), first.summary());
        assertEquals(List.of("1", "2"), first.appliedVersions());
        assertEquals(List.of("1", "2"), first.pendingBefore(), "versions above the target are not pending");
        assertEquals(List.of(), first.pendingAfter());
        assertNull(first.schemaVersionBefore());
        assertEquals("2", first.schemaVersionAfter());
        assertEquals("create users", first.applied().get(0).description());
        assertEquals("V1__create_users.sql", first.applied().get(0).script());
        assertNotNull(first.applied().get(0).duration());
        assertFalse(db.tableExists("orders"));

        MigrationResult second = runner.migrate(flyway());
        assertTrue(second.succeeded(), second.summary());
        assertEquals(List.of("3"), second.appliedVersions());
        assertEquals("2", second.schemaVersionBefore());
        assertEquals("3", second.schemaVersionAfter());
        assertTrue(db.tableExists("orders"));
        assertEquals(List.of("1", "2", "3"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"),
                "Flyway's own history table, as Flyway keeps it");

        MigrationResult again = runner.migrate(flyway());
        assertTrue(again.succeeded());
        assertEquals(List.of(), again.applied());
        assertEquals("no migration applied, schema at version 3", again.summary());
        assertEquals(java.util.Map.of("applied", 1, "versions", List.of("3"), "schema_version", "3", "pending", List.of()),
                second.captures());
        assertTrue(second.log().startsWith("applied 3 V3__create_orders.sql ("), second.log());
    }

    @Test
    void numberedSeedStyleFilesAreVersionsWithoutRenaming() throws IOException {
        String[] names = {"001_init.sql", "002_auth.sql", "003_business_core.sql", "004_billing.sql", "005_workspaces.sql",
                "006_workspace_defaults.sql", "007_credentials_bootstrap.sql", "008_webhooks_activities_alignment.sql",
                "009_later.sql"};
        for (int i = 0; i < names.length; i++) write(names[i], "CREATE TABLE t" + (i + 1) + " (id int);");

        MigrationResult r = runner.migrate(numbered().withTarget("008"));

        assertTrue(r.succeeded(), r.summary());
        assertEquals(List.of("001", "002", "003", "004", "005", "006", "007", "008"), r.appliedVersions());
        assertEquals("init", r.applied().get(0).description());
        assertEquals("webhooks activities alignment", r.applied().get(7).description());
        assertEquals("008_webhooks_activities_alignment.sql", r.applied().get(7).script());
        assertEquals("008", r.schemaVersionAfter());
        assertTrue(db.tableExists("t8"));
        assertFalse(db.tableExists("t9"), "009 is above the target");
        assertEquals(List.of("009"), runner.info(numbered()).pendingVersions());
        assertTrue(Files.exists(dir.resolve("001_init.sql")), "files keep their names");

        // A target written as a number means the same version: 008 and 8 compare equal.
        assertTrue(runner.info(numbered().withTarget("8")).upToDate());
    }

    @Test
    void aFileFlywayCannotNameIsIgnoredAsFlywayDoes() throws IOException {
        // Validate refuses this folder (RB224, FlywayFormsTest and the golden files); Flyway itself skips the file.
        write("001_init.sql", "CREATE TABLE a (id int);");
        write("V2__flyway_style.sql", "CREATE TABLE b (id int);");

        MigrationResult r = runner.migrate(numbered());

        assertTrue(r.succeeded(), r.summary());
        assertTrue(db.tableExists("a"));
        assertFalse(db.tableExists("b"), "Flyway's default (validateMigrationNaming off) ignores the file");
    }

    @Test
    void repeatableMigrationsStillWorkBesideNumberedOnes() throws IOException {
        write("001_init.sql", "CREATE TABLE a (id int);");
        write("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT id FROM a;");

        MigrationResult r = runner.migrate(numbered());

        assertTrue(r.succeeded(), r.summary());
        assertEquals("001", r.appliedVersions().get(0));
        assertEquals(2, r.applied().size(), r.summary());
        assertEquals("1", db.one("SELECT count(*) FROM information_schema.views WHERE table_name = 'v'"));
    }

    @Test
    void changedAppliedFileFailsValidationNamingTheFile() throws IOException {
        write("001_init.sql", "CREATE TABLE a (id int);");
        write("002_more.sql", "CREATE TABLE b (id int);");
        assertTrue(runner.migrate(numbered()).succeeded());

        write("002_more.sql", "CREATE TABLE b (id bigint);");
        write("003_next.sql", "CREATE TABLE c (id int);");
        MigrationResult r = runner.migrate(numbered());

        assertFalse(r.succeeded());
        MigrationFailure f = r.failure();
        assertEquals(MigrationFailure.Kind.VALIDATION_FAILED, f.kind());
        assertEquals("002", f.version());
        assertTrue(f.file().endsWith("002_more.sql"), f.file());
        assertTrue(f.message().contains("002_more.sql") && f.message().toLowerCase().contains("checksum"), f.message());
        assertEquals(List.of(), r.applied());
        assertFalse(db.tableExists("c"), "nothing runs after a validation failure");
    }

    @Test
    void validationCanBeSwitchedOff() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id int);");
        assertTrue(runner.migrate(flyway()).succeeded());
        write("V1__a.sql", "CREATE TABLE a (id bigint);");
        write("V2__b.sql", "CREATE TABLE b (id int);");
        MigrationRequest noValidate = new MigrationRequest(List.of(dir), null, false, null, null, false, false, null,
                List.of(), Naming.FLYWAY);

        MigrationResult r = runner.migrate(noValidate);

        assertTrue(r.succeeded(), r.summary());
        assertEquals(List.of("2"), r.appliedVersions());
    }

    @Test
    void syntaxErrorInTheThirdOfFiveNamesFileAndLineAndStopsThere() throws IOException {
        write("001_a.sql", "CREATE TABLE t1 (id int);");
        write("002_b.sql", "CREATE TABLE t2 (id int);");
        write("003_c.sql", "-- the broken one\nCREATE TABLE t3 (id int);\nCREATE TABLE t3b (id int;\n");
        write("004_d.sql", "CREATE TABLE t4 (id int);");
        write("005_e.sql", "CREATE TABLE t5 (id int);");

        MigrationResult r = runner.migrate(numbered());

        assertFalse(r.succeeded());
        MigrationFailure f = r.failure();
        assertEquals(MigrationFailure.Kind.MIGRATION_FAILED, f.kind());
        assertTrue(f.file().endsWith("003_c.sql"), f.file());
        assertEquals("003", f.version());
        assertEquals(3, f.line(), "line of the failing statement in the file");
        assertEquals("42601", f.sqlState());
        assertTrue(f.message().contains("syntax error"), f.message());
        assertTrue(f.describe().contains("003_c.sql:3: "), f.describe());
        assertEquals(List.of("001", "002"), r.appliedVersions(), "earlier migrations stay applied");
        assertEquals(List.of("003", "004", "005"), r.pendingAfter());
        assertEquals("002", r.schemaVersionAfter());
        assertTrue(db.tableExists("t2"));
        assertFalse(db.tableExists("t3"), "the failed migration's transaction was rolled back");
        assertFalse(db.tableExists("t4"));
        assertFalse(db.tableExists("t5"));
        assertEquals(List.of("001", "002"), db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"),
                "4 and 5 were never attempted");
    }

    @Test
    void infoIsReadOnlyAndFeedsTheMigrationsPrecondition() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id int);");
        write("V2__b.sql", "CREATE TABLE b (id int);");

        MigrationStatus before = runner.info(flyway());
        assertNull(before.failure());
        assertEquals(List.of("1", "2"), before.pendingVersions());
        assertFalse(before.upToDate());
        assertEquals("no version applied, pending: 1, 2", before.summary());
        assertFalse(db.tableExists("flyway_schema_history"), "info creates nothing");

        runner.migrate(flyway().withTarget("1"));
        assertTrue(runner.info(flyway().withTarget("1")).upToDate(), "nothing pending up to the precondition's version");
        MigrationStatus partly = runner.info(flyway());
        assertEquals(List.of("2"), partly.pendingVersions());
        assertEquals("1", partly.schemaVersion());
        assertEquals("Success", partly.migrations().get(0).state());
        assertNotNull(partly.migrations().get(0).installedOn());
    }

    @Test
    void customHistoryTableAndSchema() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id int);");
        MigrationRequest r = new MigrationRequest(List.of(dir), null, true, null, null, false, false, "schema_changes",
                List.of("app"), Naming.FLYWAY);

        assertTrue(runner.migrate(r).succeeded());

        assertEquals("2", db.one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'app' "
                + "AND table_name IN ('schema_changes', 'a')"));
        assertFalse(db.tableExists("flyway_schema_history"));
    }

    @Test
    void baselineOnMigrateAdoptsAnExistingSchema() throws IOException {
        db.exec("CREATE TABLE legacy (id int)");
        write("V1__a.sql", "CREATE TABLE a (id int);");
        write("V2__b.sql", "CREATE TABLE b (id int);");
        write("V3__c.sql", "CREATE TABLE c (id int);");
        MigrationRequest r = new MigrationRequest(List.of(dir), null, true, "2", "adopted", true, false, null, List.of(),
                Naming.FLYWAY);

        MigrationResult result = runner.migrate(r);

        assertTrue(result.succeeded(), result.summary());
        assertEquals(List.of("3"), result.appliedVersions());
        assertFalse(db.tableExists("a"), "versions up to the baseline are taken as applied");
        assertEquals("adopted", db.one("SELECT description FROM flyway_schema_history WHERE version = '2'"));
    }

    @Test
    void outOfOrderIsRefusedByDefault() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id int);");
        write("V3__c.sql", "CREATE TABLE c (id int);");
        assertTrue(runner.migrate(flyway()).succeeded());
        write("V2__b.sql", "CREATE TABLE b (id int);");

        MigrationResult r = runner.migrate(flyway());

        assertFalse(r.succeeded());
        assertEquals(MigrationFailure.Kind.VALIDATION_FAILED, r.failure().kind());
        assertTrue(r.failure().message().contains("V2__b.sql"), r.failure().message());
        assertFalse(db.tableExists("b"));
    }

    @Test
    void missingTargetVersionAndMissingFolderAreReportedNotThrown() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id int);");

        MigrationResult noSuchVersion = runner.migrate(flyway().withTarget("9"));
        assertFalse(noSuchVersion.succeeded());
        assertTrue(noSuchVersion.failure().message().contains("9"), noSuchVersion.failure().message());

        MigrationResult noFolder = runner.migrate(MigrationRequest.latest(List.of(dir.resolve("nope")), Naming.FLYWAY));
        assertFalse(noFolder.succeeded());
        assertTrue(noFolder.failure().message().contains("nope"), noFolder.failure().message());
    }
}
