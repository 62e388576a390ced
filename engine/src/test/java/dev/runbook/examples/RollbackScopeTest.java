package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/restore-then-cleanup on real PostgreSQL: a failed cleanup (rollback_scope: step) rolls back
 * nothing else, a failure after the checkpoint rolls back only what came after it, and the plan says, per step,
 * what its failure would roll back.
 */
class RollbackScopeTest {
    private static final String RUNBOOK = "../runbooks/examples/restore-then-cleanup/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private PostgresServer.TestDb incident() {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id int PRIMARY KEY, note text)");
        db.exec("CREATE TABLE orders_backup (id int PRIMARY KEY)");
        db.exec("INSERT INTO orders VALUES (1, 'kept')");
        db.exec("INSERT INTO orders_backup VALUES (1), (2), (3)");
        return db;
    }

    private TestCli.Result run(PostgresServer.TestDb db, Path out, String... params) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", RUNBOOK, "-p", "ticket=OPS-16",
                "--target", "db=" + db.jdbcUrl() + "?user=postgres", "--out", out.toString()));
        for (String p : params) {
            args.add("-p");
            args.add(p);
        }
        return TestCli.run(args.toArray(String[]::new));
    }

    @Test
    void aFailedCleanupDoesNotRollBackTheEarlierRestore() throws Exception {
        PostgresServer.TestDb db = incident();
        // The copy is there to restore from, but the cleanup names one that does not exist: DROP TABLE fails.
        db.exec("CREATE VIEW orders_copy AS SELECT id FROM orders_backup");
        Path out = dir.resolve("cleanup");
        TestCli.Result r = run(db, out, "backup_table=orders_copy");
        assertEquals(1, r.code(), r.all());
        assertEquals("3", db.one("SELECT count(*) FROM orders"), "the restore stays: " + r.all());
        assertEquals("2", db.one("SELECT count(*) FROM orders WHERE note = 'restored'"));
        assertEquals("1", db.one("SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_note_idx'"),
                "the index stays too: the cleanup compensates only itself");
        assertTrue(r.all().contains("kept by rollback_scope: step: restore, index-notes"), r.all());
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(!json.contains("\"rollback/restore\""), "no rollback of the restore was run or planned:\n" + json);
    }

    @Test
    void aFailureAfterTheCheckpointRollsBackOnlyWhatCameAfterIt() {
        PostgresServer.TestDb db = incident();
        TestCli.Result r = run(db, dir.resolve("check"), "expect_indexes=2");
        assertEquals(1, r.code(), r.all());
        assertEquals("0", db.one("SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_note_idx'"),
                "the index, made after the checkpoint, was rolled back: " + r.all());
        assertEquals("2", db.one("SELECT count(*) FROM orders WHERE note = 'restored'"),
                "the restore, verified at the checkpoint, stays");
        assertTrue(r.all().contains("rolled back: rollback/index-notes"), r.all());
        assertTrue(r.all().contains("outside the failed step's rollback_scope): restore"), r.all());
    }

    @Test
    void withoutAFailureEveryStepRunsAndTheCopyIsDropped() {
        PostgresServer.TestDb db = incident();
        TestCli.Result r = run(db, dir.resolve("ok"));
        assertEquals(0, r.code(), r.all());
        assertEquals("0", db.one("SELECT count(*) FROM pg_tables WHERE tablename = 'orders_backup'"));
        assertEquals("3", db.one("SELECT count(*) FROM orders"));
    }

    @Test
    void thePlanSaysWhatEachStepsFailureWouldRollBack() {
        TestCli.Result r = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-16", "--target", "db=postgresql://localhost/x");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("rollback_scope: checkpoint; its failure rolls back: index-notes; keeps: restore"),
                r.out());
        assertTrue(r.out().contains("rollback_scope: step; its failure rolls back: nothing; keeps: restore, index-notes"),
                r.out());
        assertTrue(r.out().contains("no rollback: the copy is dropped only after the restore is verified"), r.out());
        TestCli.Result json = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-16", "--target", "db=postgresql://localhost/x",
                "--format", "json");
        assertTrue(json.out().contains("\"rollback_scope\" : \"step\"") || json.out().contains("\"rollback_scope\":\"step\""),
                json.out());
        TestCli.Result strict = TestCli.run("validate", RUNBOOK, "--strict");
        assertEquals(0, strict.code(), "no_rollback waives RB301, so --strict passes: " + strict.all());
    }
}
