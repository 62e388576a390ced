package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate: {one_transaction: true}} (Flyway's group): the pending migrations commit all together or not at
 * all, and the record says which, read from the target; a file that cannot run in a transaction is refused before
 * any migration runs.
 */
class OneTransactionMigrateTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    PostgresServer.TestDb db;
    Path migrations;

    @BeforeEach
    void prepare() throws Exception {
        db = PG.freshDatabase();
        migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("001_accounts.sql"), "CREATE TABLE accounts (id int PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("002_seed.sql"), "INSERT INTO accounts VALUES (1), (2);\n");
    }

    private Result run(String migrate, String... extra) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: grouped
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: schema
                    migrate: %s
                    no_rollback: the migrations are forward-only
                """.formatted(migrate));
        String[] args = {"run", rb.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve("run" + System.nanoTime()).toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return TestCli.run(all);
    }

    private static String targetLine(Result r) {
        return r.out().lines().filter(l -> l.startsWith("target: ")).findFirst()
                .orElseThrow(() -> new AssertionError(r.all()));
    }

    /** The history rows, "" when there are none or Flyway never created its table. */
    private String history() {
        if (!db.tableExists("flyway_schema_history")) return "";
        return db.one("SELECT coalesce(string_agg(version || ':' || success, ',' ORDER BY installed_rank), '') FROM flyway_schema_history");
    }

    @Test
    void aFailureInTheThirdMigrationLeavesNoneOfThemAndTheRecordSaysUnchanged() throws Exception {
        Files.writeString(migrations.resolve("003_broken.sql"), "INSERT INTO accounts VALUES (3);\nSELEC 1;\n");
        Result r = run("{ locations: [migrations], naming: numbered, one_transaction: true }");
        assertEquals(1, r.code(), r.all());
        assertEquals("0", db.one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'accounts'"),
                "001 and 002 were rolled back with 003");
        assertEquals("", history(), "no history row was committed");
        assertTrue(targetLine(r).startsWith("target: unchanged"), targetLine(r));
    }

    @Test
    void withoutItTheSameFilesLeaveTheFirstTwoApplied() throws Exception {
        Files.writeString(migrations.resolve("003_broken.sql"), "INSERT INTO accounts VALUES (3);\nSELEC 1;\n");
        Result r = run("{ locations: [migrations], naming: numbered }");
        assertEquals(1, r.code(), r.all());
        assertEquals("001:true,002:true", history());
        assertEquals("2", db.one("SELECT count(*) FROM accounts"));
    }

    @Test
    void allPendingMigrationsCommitTogetherAndThePlanSaysSo() throws Exception {
        Result plan = TestCli.run("plan", writeRunbook("{ locations: [migrations], naming: numbered, one_transaction: true }"));
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("all pending migrations in one transaction"), plan.out());

        Result r = run("{ locations: [migrations], naming: numbered, one_transaction: true }");
        assertEquals(0, r.code(), r.all());
        assertEquals("001:true,002:true", history());
        assertEquals("2", db.one("SELECT count(*) FROM accounts"));
        // One transaction: both rows of the history carry the same transaction's timestamp (now() is its start).
        assertEquals("1", db.one("SELECT count(DISTINCT installed_on) FROM flyway_schema_history"));
    }

    @Test
    void aPendingFileThatCannotRunInATransactionIsRefusedBeforeAnyMigrationRuns() throws Exception {
        Files.writeString(migrations.resolve("003_index.sql"), "CREATE INDEX CONCURRENTLY accounts_id ON accounts (id);\n");
        Result r = run("{ locations: [migrations], naming: numbered, one_transaction: true }");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("pending migration 003_index.sql, statement 1 (line 1"), r.all());
        assertTrue(r.all().contains("one_transaction: true"), r.all());
        assertEquals("", history(), "nothing ran");
        assertTrue(targetLine(r).startsWith("target: unchanged"), targetLine(r));
    }

    @Test
    void anAppliedFileThatCannotRunInATransactionDoesNotStopTheNextOnes() throws Exception {
        Files.writeString(migrations.resolve("003_index.sql"), "CREATE INDEX CONCURRENTLY accounts_id ON accounts (id);\n");
        assertEquals(0, run("{ locations: [migrations], naming: numbered }").code());
        Files.writeString(migrations.resolve("004_more.sql"), "INSERT INTO accounts VALUES (4);\n");
        Files.writeString(migrations.resolve("005_more.sql"), "INSERT INTO accounts VALUES (5);\n");
        Result r = run("{ locations: [migrations], naming: numbered, one_transaction: true }");
        assertEquals(0, r.code(), r.all());
        assertEquals("001:true,002:true,003:true,004:true,005:true", history());
    }

    private String writeRunbook(String migrate) throws Exception {
        Path rb = dir.resolve("plan.yaml");
        Files.writeString(rb, """
                version: 1
                id: grouped
                targets:
                  app: { engine: postgresql, url: "postgresql://app@db.invalid/app" }
                steps:
                  - id: schema
                    migrate: %s
                    no_rollback: the migrations are forward-only
                """.formatted(migrate));
        return rb.toString();
    }
}
