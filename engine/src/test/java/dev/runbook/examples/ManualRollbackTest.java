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
 * runbooks/examples/temp-role-with-manual-rollback on real PostgreSQL: a manual rollback is recorded with its
 * instructions resolved, the automatic rollbacks before and after it still run, and the run ends with exit 4 and
 * the instructions at the top of the reports.
 */
class ManualRollbackTest {
    private static final String RUNBOOK = "../runbooks/examples/temp-role-with-manual-rollback/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void aFailedCheckRunsEveryAutomaticRollbackAndLeavesTheManualOneInstructionsOnTop() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id int)");
        Path out = dir.resolve("run");
        TestCli.Result r = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-77", "-p", "temp_role=rep_tmp_" + db.name(),
                "-p", "must_see=5", "--target", "db=" + db.jdbcUrl() + "?user=postgres", "--out", out.toString());
        assertEquals(4, r.code(), r.all());
        assertEquals("0", db.one("SELECT count(*) FROM pg_roles WHERE rolname = 'rep_tmp_" + db.name() + "'"),
                "the role made before the manual step was still dropped");
        assertTrue(r.all().contains("MANUAL ACTION NEEDED"), r.all());
        assertTrue(r.all().contains("Re-enable the config-management agent on db-primary-1: sudo puppet agent --enable"),
                r.all());
        assertTrue(!r.all().contains("${"), "instructions are resolved: " + r.all());
        String md = Files.readString(out.resolve("report.md")).replace("\\", "");
        int manual = md.indexOf("Re-enable the config-management agent");
        int target = md.indexOf("Target state");
        assertTrue(manual >= 0 && manual < target, "the manual action comes first:\n" + md);
        assertTrue(Files.readString(out.resolve("report.html")).contains("Re-enable the config-management agent"));
    }
}
