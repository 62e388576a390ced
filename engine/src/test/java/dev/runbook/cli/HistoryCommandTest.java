package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.db.Dialect;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalRun;
import dev.runbook.journal.JournalStatus;
import dev.runbook.journal.RunRecord;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook history} against a real journal: table and JSON, filter, and targets without a journal. */
class HistoryCommandTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    TestPostgres.Db db;
    Path runbook;
    String target;

    @BeforeEach
    void setUp() throws IOException {
        db = PG.freshDatabase();
        runbook = dir.resolve("runbook.yaml");
        Files.writeString(runbook, """
                version: 1
                id: shop-fix
                ticket: ${params.ticket}
                params:
                  ticket: { type: string, required: true }
                environments:
                  staging: {}
                targets:
                  app: { engine: postgresql, url: "${env.HISTORY_TEST_UNSET_URL}" }
                steps:
                  - id: a
                    sql: SELECT 1
                """);
        target = "app=postgresql://postgres@localhost:" + db.port() + "/" + db.name();
    }

    private void record(String runId, String runbookId, Instant start, JournalStatus status) {
        try (Journal journal = Journal.open(db::connect, Dialect.forEngine("postgresql"), null,
                Clock.fixed(start, ZoneOffset.UTC))) {
            JournalRun r = journal.begin(new RunRecord(runId, runbookId, "sha256:rb", "sha256:plan", "OPS-1", "staging",
                    "alice", "laptop", "0.1.0"));
            r.itemStarted("step/a", null);
            r.itemFinished("step/a", JournalStatus.SUCCEEDED, null, null);
            r.finished(status, "done");
        }
    }

    @Test
    void printsRunsNewestFirstWithoutNeedingTheRunbooksParams() {
        record("r1", "shop-fix", Instant.parse("2026-11-20T09:00:00Z"), JournalStatus.FAILED);
        record("r2", "shop-fix", Instant.parse("2026-11-21T09:00:00Z"), JournalStatus.SUCCEEDED);

        CliTest.Result r = CliTest.run("history", runbook.toString(), "--env", "staging", "--target", target);

        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("target app (postgresql://postgres@localhost:"), lines[0]);
        assertTrue(lines[0].endsWith("), journal runbook.history"), lines[0]);
        assertTrue(lines[1].startsWith("  RUN  RUNBOOK   STATUS     STARTED (UTC)        TOOK  STEPS"), lines[1]);
        assertTrue(lines[2].startsWith("  r2   shop-fix  succeeded  2026-11-21 09:00:00  0.0s  1 (1 ok)  OPS-1   staging  alice"),
                lines[2]);
        assertTrue(lines[3].startsWith("  r1   shop-fix  failed"), lines[3]);
    }

    @Test
    void jsonAndRunbookFilter() throws Exception {
        record("r1", "shop-fix", Instant.parse("2026-11-20T09:00:00Z"), JournalStatus.SUCCEEDED);
        record("r2", "other", Instant.parse("2026-11-21T09:00:00Z"), JournalStatus.SUCCEEDED);

        CliTest.Result r = CliTest.run("history", runbook.toString(), "--env", "staging", "--target", target,
                "--runbook", "shop-fix", "--format", "json");

        assertEquals(0, r.code(), r.err());
        JsonNode t = new ObjectMapper().readTree(r.out()).get("targets").get(0);
        assertEquals("app", t.get("name").asText());
        assertEquals(1, t.get("runs").size());
        JsonNode run = t.get("runs").get(0);
        assertEquals("r1", run.get("run_id").asText());
        assertEquals("2026-11-20T09:00:00Z", run.get("started").asText());
        assertEquals(1, run.get("steps").get("succeeded").asInt());
    }

    @Test
    void aTargetWithoutJournalHasNoRuns() {
        CliTest.Result r = CliTest.run("history", runbook.toString(), "--env", "staging", "--target", target);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  no runs recorded"), r.out());
    }

    @Test
    void anUnreachableTargetFailsWithItsName() {
        CliTest.Result r = CliTest.run("history", runbook.toString(), "--env", "staging", "--target",
                "app=postgresql://postgres@localhost:1/nothing");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("runbook: target 'app': cannot connect to postgresql://postgres@localhost:1/nothing"),
                r.err());
    }

    @Test
    void aJournalFromANewerRunbookIsRefused() {
        record("r1", "shop-fix", Instant.parse("2026-11-20T09:00:00Z"), JournalStatus.SUCCEEDED);
        db.exec("UPDATE runbook.history_meta SET schema_version = 9");
        CliTest.Result r = CliTest.run("history", runbook.toString(), "--env", "staging", "--target", target);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("schema version is 9, this Runbook understands version 1 at most"), r.err());
    }

    @Test
    void optionsThatDoNothingForHistoryAreUsageErrors() {
        CliTest.Result approve = CliTest.run("history", runbook.toString(), "--env", "staging", "--target", target,
                "--approve", "all", "--reason", "why");
        assertEquals(2, approve.code(), approve.err());
        assertTrue(approve.err().contains("--approve does nothing for history"), approve.err());
        CliTest.Result window = CliTest.run("history", runbook.toString(), "--env", "staging", "--target", target,
                "--maintenance-window");
        assertEquals(2, window.code(), window.err());
        CliTest.Result embedded = CliTest.run("history", runbook.toString(), "--env", "staging", "--embedded");
        assertEquals(2, embedded.code(), embedded.err());
        assertTrue(embedded.err().contains("keeps no history; pass --target NAME=URL"), embedded.err());
        assertEquals("", embedded.out());
    }
}
