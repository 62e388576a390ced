package dev.runbook.exec;

import static dev.runbook.exec.Plans.argv;
import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.model.FailurePolicy;
import dev.runbook.testdb.ClientMatchedPostgres;
import dev.runbook.testdb.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's backup and restore: pg_dump before, pg_restore --clean as the rollback, on the server major that
 * --embedded picks for the machine's pg_dump (which refuses a newer server); skipped, saying why, without
 * client tools.
 */
class PgDumpRestoreTest {
    @RegisterExtension
    static final ClientMatchedPostgres PG = new ClientMatchedPostgres();

    @TempDir
    Path runDir;

    @Test
    void restoresThePgDumpBackupWhenALaterStepFails() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        restores(new PostgresServer.TestDb(db.name(), db.port()));
    }

    private void restores(PostgresServer.TestDb db) throws Exception {
        db.exec("CREATE TABLE orders (id int PRIMARY KEY, status text); INSERT INTO orders VALUES (1, 'new'), (2, 'paid')");
        RunResult r = new Executor().run(plan().db("app", db)
                .step("backup", argv("pg_dump", "--format=custom", "--file=${run.dir}/before.backup", "${targets.app.url}"))
                .target(null).onFailure(FailurePolicy.ROLLBACK)
                .rollback(argv("pg_restore", "--clean", "--if-exists", "--dbname=${targets.app.url}", "${run.dir}/before.backup"))
                .and()
                .step("purge", sqlStep("DELETE FROM orders")).onFailure(FailurePolicy.ROLLBACK).and()
                .step("check", sqlStep("SELECT count(*) FROM orders")).expect("result == 2").onFailure(FailurePolicy.ROLLBACK)
                .build(), Runs.options(runDir, new Runs.RecordingProgress()));
        assertEquals(RunOutcome.ROLLED_BACK, r.outcome(), r.summary());
        assertEquals(List.of("1", "2"), db.column("SELECT id FROM orders ORDER BY id"), "pg_restore brought the rows back");
    }
}
