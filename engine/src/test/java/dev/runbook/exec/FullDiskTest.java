package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk mid-run (issue 13), on a small tmpfs mounted for the test (root only; skipped, saying why, where
 * the mount is refused). The run folder fills up after a step committed: the run must stop safely, the targets'
 * journals must say what was applied, and resume must apply each step exactly once.
 */
class FullDiskTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;
    Path full;
    PostgresServer.TestDb db;
    String target;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        full = Files.createDirectory(dir.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", full.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes()).strip();
        boolean mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "a tmpfs cannot be mounted here (needs root and CAP_SYS_ADMIN): " + said);
        db = PG.freshDatabase();
        db.exec("CREATE TABLE done (step text)");
        target = "app=" + db.jdbcUrl() + "?user=postgres";
    }

    @AfterEach
    void unmount() throws Exception {
        if (full != null && Files.exists(full)) new ProcessBuilder("umount", "-l", full.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }

    private String applied() {
        return db.one("SELECT coalesce(string_agg(step, ',' ORDER BY step), '') FROM done");
    }

    @Test
    void aRunFolderThatFillsUpAfterAStepStopsTheRunTheJournalSaysWhatWasAppliedAndResumeAppliesEachStepOnce()
            throws Exception {
        Path marks = dir.resolve("marks.txt");
        Path rb = dir.resolve("runbook.yaml");
        // s2 fills the run folder's disk (as a backup step might) and prints more than the page a file's last
        // block could still take, so its own item.finished event is the first that cannot be written.
        Files.writeString(rb, """
                version: 1
                id: full-disk
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: s1
                    sql: INSERT INTO done VALUES ('s1')
                  - id: s2
                    shell: { script: "echo ran >> '%s'; dd if=/dev/zero of='%s' bs=64k 2>/dev/null || true; seq 1 20000" }
                  - id: s3
                    sql: INSERT INTO done VALUES ('s3')
                """.formatted(marks, full.resolve("filler")));
        Path runDir = full.resolve("r1");
        Result r = TestCli.run("run", rb.toString(), "--target", target, "--out", runDir.toString(), "-q");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("No space left on device") && r.err().contains("runbook resume"), r.err());
        assertTrue(!r.all().contains("internal error"), r.all());
        assertEquals("s1", applied(), "no step started after the event log was lost");
        String runId = db.one("SELECT run_id FROM runbook.history WHERE item_key = 'run'");
        assertEquals("succeeded", db.one("SELECT status FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'step/s2'"), "the journal says the shell step took effect, not only 'started'");
        assertEquals("interrupted", db.one("SELECT status FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'run'"));

        Files.delete(full.resolve("filler"));
        Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                dir.resolve("resumed").toString());
        assertEquals(0, resumed.code(), resumed.all());
        assertTrue(resumed.out().contains("2 step(s) completed before"), resumed.out());
        assertEquals("s1,s3", applied(), "s1 not again, s3 once");
        assertEquals(List.of("ran"), Files.readAllLines(marks), "the shell step ran once, resume did not ask or rerun it");
    }

    @Test
    void aStepWhoseTablespaceIsFullFailsRolledBackAndResumeAppliesItOnceThereIsSpace() throws Exception {
        Path location = Files.createDirectory(full.resolve("ts"));
        String tablespace = "full_" + db.name();
        db.exec("CREATE TABLESPACE " + tablespace + " LOCATION '" + location + "'");
        try {
            db.exec("CREATE TABLE big (v text) TABLESPACE " + tablespace);
            Path rb = dir.resolve("runbook.yaml");
            Files.writeString(rb, """
                    version: 1
                    id: full-tablespace
                    targets:
                      app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                    steps:
                      - id: s1
                        sql: INSERT INTO done VALUES ('s1')
                      - id: s2
                        sql: INSERT INTO big SELECT repeat(md5(g::text), 40) FROM generate_series(1, 20000) g
                      - id: s3
                        sql: INSERT INTO done VALUES ('s3')
                    """);
            Result r = TestCli.run("run", rb.toString(), "--target", target, "--out", dir.resolve("r1").toString(), "-q");
            assertEquals(1, r.code(), r.all());
            assertTrue(r.all().contains("No space left on device"), "the database's words: " + r.all());
            assertTrue(!r.all().contains("internal error"), r.all());
            assertEquals("s1", applied());
            assertEquals("0", db.one("SELECT count(*) FROM big"), "the failed statement's rows are gone with its transaction");
            String runId = db.one("SELECT run_id FROM runbook.history WHERE item_key = 'run'");
            assertEquals("failed", db.one("SELECT status FROM runbook.history WHERE run_id = '" + runId
                    + "' AND item_key = 'step/s2'"), "the journal, in another tablespace, records the failure");

            Process grow = new ProcessBuilder("mount", "-o", "remount,size=64m", full.toString()).start();
            assertEquals(0, grow.waitFor(), "the disk gets more space");
            Result resumed = TestCli.run("resume", runId, rb.toString(), "--target", target, "--out",
                    dir.resolve("resumed").toString());
            assertEquals(0, resumed.code(), resumed.all());
            assertEquals("20000", db.one("SELECT count(*) FROM big"), "s2 applied once");
            assertEquals("s1,s3", applied(), "s1 not again, s3 once");
        } finally {
            db.exec("DROP TABLE IF EXISTS big");
            db.exec("DROP TABLESPACE " + tablespace);
        }
    }
}
