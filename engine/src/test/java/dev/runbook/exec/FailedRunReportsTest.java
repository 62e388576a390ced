package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import dev.runbook.reports.events.EventLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real failing runs through the command line on PostgreSQL leave the whole change record: every event
 * line matches dsl-schema/events.schema.json, all four reports are written, {@code report} renders them
 * again and {@code resume} finds the run folder.
 */
class FailedRunReportsTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();
    static final List<String> REPORTS = List.of("report.html", "report.json", "report.md", "report.junit.xml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    PostgresServer.TestDb db;
    String target;

    @BeforeEach
    void prepare() {
        db = PG.freshDatabase();
        db.exec("CREATE TABLE done (step text)");
        target = "app=" + db.jdbcUrl() + "?user=postgres";
    }

    private Path runbook(String steps) throws Exception {
        return FaultRunbooks.write(dir, "failing", """
                - id: first
                  sql: INSERT INTO done VALUES ('first')
                  rollback: { sql: DELETE FROM done WHERE step = 'first' }
                """ + steps);
    }

    /** Runs the runbook as an operator would; the run folder ends up where run puts it by default (runs/RUN_ID). */
    private Path run(Path rb, int expectedExit) throws Exception {
        Path out = dir.resolve("out");
        Result r = TestCli.run("run", rb.toString(), "--target", target, "--out", out.toString());
        assertEquals(expectedExit, r.code(), r.all());
        assertFalse(r.all().contains("reports could not be written"), r.all());
        String runId = new EventLogReader().read(out).run().id();
        Path runDir = Files.createDirectories(dir.resolve("runs")).resolve(runId);
        Files.move(out, runDir);
        return runDir;
    }

    private void assertWholeRecord(Path runDir, String outcome) throws Exception {
        assertEventsMatchTheSchema(runDir);
        for (String name : REPORTS) assertTrue(Files.isRegularFile(runDir.resolve(name)), name + " in " + list(runDir));
        assertEquals(outcome, JSON.readTree(runDir.resolve("report.json").toFile()).get("outcome").asText());
        for (String name : REPORTS) Files.delete(runDir.resolve(name));
        Result again = TestCli.run("report", runDir.toString());
        assertEquals(0, again.code(), again.all());
        for (String name : REPORTS) assertTrue(Files.isRegularFile(runDir.resolve(name)), "report re-renders " + name);

        String runId = runDir.getFileName().toString();
        // The killed run's pg_sleep still runs on the server, and resume would wait for it: end it as a DBA would.
        db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'runbook:" + runId + ":%'");
        Result resume = TestCli.run("resume", runId, "--runs", runDir.getParent().toString(), "--target", target,
                "--out", dir.resolve("resumed-" + runId).toString());
        assertFalse(resume.all().contains("no run folder"), "resume reads the run folder: " + resume.all());
        assertFalse(resume.all().contains("Exception"), resume.all());
    }

    static JsonSchema eventSchema() throws Exception {
        JsonNode schema = JSON.readTree(Path.of("..", "dsl-schema", "events.schema.json").toFile());
        assertTrue(schema != null && schema.has("$defs"), "events.schema.json is a schema: " + schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    @Test
    void theEventSchemaRejectsTheDriftThatLostTheReports() throws Exception {
        JsonNode drifted = JSON.readTree("{\"v\":1,\"seq\":3,\"ts\":\"2026-12-02T03:00:00.000Z\",\"type\":\"item.finished\","
                + "\"key\":\"step/a\",\"attempt\":1,\"status\":\"failed\",\"duration_ms\":1,"
                + "\"error\":{\"message\":\"m\",\"sql_state\":\"42601\",\"position\":\"line 1, column 8\"},\"captures\":{}}");
        assertFalse(eventSchema().validate(drifted).isEmpty(), "a text position is not the published shape");
        ((com.fasterxml.jackson.databind.node.ObjectNode) drifted.get("error")).set("position",
                JSON.readTree("{\"line\":1,\"column\":8}"));
        assertTrue(eventSchema().validate(drifted).isEmpty(), eventSchema().validate(drifted).toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) drifted).put("surprise", true);
        assertFalse(eventSchema().validate(drifted).isEmpty(), "every field the engine writes is in the schema");
    }

    @Test
    void theEventSchemaNamesEveryOutcomeAndStatusTheEngineWrites() throws Exception {
        JsonNode defs = JSON.readTree(Path.of("..", "dsl-schema", "events.schema.json").toFile()).get("$defs");
        Set<String> outcomes = new java.util.TreeSet<>();
        defs.get("run_finished").get("properties").get("outcome").get("enum").forEach(n -> outcomes.add(n.asText()));
        assertEquals(new java.util.TreeSet<>(java.util.Arrays.stream(RunOutcome.values()).map(RunOutcome::word).toList()),
                outcomes);
        Set<String> statuses = new java.util.TreeSet<>();
        defs.get("status").get("enum").forEach(n -> statuses.add(n.asText()));
        assertEquals(new java.util.TreeSet<>(java.util.Arrays.stream(ItemStatus.values()).map(ItemStatus::word).toList()),
                statuses);
        int maxExit = java.util.Arrays.stream(RunOutcome.values()).mapToInt(RunOutcome::exitCode).max().orElseThrow();
        assertEquals(maxExit, defs.get("run_finished").get("properties").get("exit_code").get("maximum").asInt());
    }

    static void assertEventsMatchTheSchema(Path runDir) throws Exception {
        JsonSchema schema = eventSchema();
        int n = 0;
        for (String line : Files.readAllLines(runDir.resolve("events.jsonl"))) {
            JsonNode event = JSON.readTree(line);
            Set<ValidationMessage> problems = schema.validate(event);
            assertTrue(problems.isEmpty(), "line " + (++n) + " " + line + " does not match events.schema.json: " + problems);
        }
        assertTrue(n > 0, "the run wrote no event");
    }

    private static List<String> list(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSyntaxErrorLeavesAllFourReportsWithItsLineAndColumn() throws Exception {
        Path runDir = run(runbook("""
                - id: typo
                  sql: SELEC 1
                """), 1);
        JsonNode error = Runs.lastFinished(runDir, "step/typo").get("error");
        assertEquals("42601", error.get("sql_state").asText());
        assertEquals(1, error.get("position").get("line").asInt(), error.toString());
        assertEquals(1, error.get("position").get("column").asInt(), error.toString());
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("at line 1, column 1"));
        assertWholeRecord(runDir, "failed");
    }

    @Test
    void aCastErrorLeavesAllFourReports() throws Exception {
        Path runDir = run(runbook("""
                - id: cast
                  sql: SELECT 'abc'::int
                """), 1);
        JsonNode error = Runs.lastFinished(runDir, "step/cast").get("error");
        assertEquals("22P02", error.get("sql_state").asText());
        assertEquals(8, error.get("position").get("column").asInt(), error.toString());
        assertWholeRecord(runDir, "failed");
    }

    @Test
    void aMissingTableRolledBackLeavesAllFourReports() throws Exception {
        Path runDir = run(runbook("""
                - id: missing
                  sql: UPDATE nowhere SET x = 1
                  on_failure: rollback
                """), 1);
        assertEquals("42P01", Runs.lastFinished(runDir, "step/missing").get("error").get("sql_state").asText());
        assertEquals("0", db.one("SELECT count(*) FROM done"), "first was compensated");
        assertWholeRecord(runDir, "rolled_back");
    }

    @Test
    void aFailedRollbackExitsFourWithAllFourReports() throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: failing
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: first
                    sql: INSERT INTO done VALUES ('first')
                    rollback: { sql: "DELETE FROM gone WHERE step = 'first'" }
                  - id: second
                    sql: SELECT 1/0
                    on_failure: rollback
                """);
        Path runDir = run(rb, 4);
        assertEquals("42P01", Runs.lastFinished(runDir, "rollback/first").get("error").get("sql_state").asText());
        assertEquals("first", db.one("SELECT string_agg(step, ',') FROM done"), "nothing compensated the first step");
        assertWholeRecord(runDir, "rollback_failed");
    }

    private static final String SLOW = """
            - id: slow
              sql: SELECT pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM done WHERE step = 'resumed') THEN 0 ELSE 60 END)
            """;

    @Test
    void aKilledRunRendersAsInterruptedWithReport() throws Exception {
        Path runDir = killMidStep(runbook(SLOW), "step/slow");
        assertEventsMatchTheSchema(runDir);
        Result again = TestCli.run("report", runDir.toString());
        assertEquals(0, again.code(), again.all());
        assertInterruptedReports(runDir);
    }

    @Test
    void historyRendersTheReportsAKilledRunNeverWrote() throws Exception {
        Path rb = runbook(SLOW);
        Path runDir = killMidStep(rb, "step/slow");
        Result history = TestCli.run("history", rb.toString(), "--target", target, "--runs", runDir.getParent().toString());
        assertEquals(0, history.code(), history.all());
        assertTrue(history.out().contains(runDir.getFileName().toString()), history.out());
        assertTrue(history.err().contains("rendered them from its event log"), history.err());
        assertInterruptedReports(runDir);
    }

    @Test
    void resumeRendersTheReportsOfTheKilledRunItContinues() throws Exception {
        Path rb = runbook(SLOW);
        Path runDir = killMidStep(rb, "step/slow");
        db.exec("INSERT INTO done VALUES ('resumed')");
        String runId = runDir.getFileName().toString();
        // The killed run's pg_sleep still runs on the server, and resume would wait for it: end it as a DBA would.
        db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'runbook:" + runId + ":%'");
        Result resume = TestCli.run("resume", runId, "--runs", runDir.getParent().toString(), "--target", target,
                "--out", dir.resolve("resumed").toString());
        assertEquals(0, resume.code(), resume.all());
        assertTrue(resume.out().contains("resuming run " + runId), resume.out());
        assertEquals("first,resumed", db.one("SELECT string_agg(step, ',' ORDER BY step) FROM done"), "first ran once");
        assertInterruptedReports(runDir);
        assertEventsMatchTheSchema(dir.resolve("resumed"));
    }

    private static void assertInterruptedReports(Path runDir) throws Exception {
        for (String name : REPORTS) assertTrue(Files.isRegularFile(runDir.resolve(name)), name + " in " + list(runDir));
        assertEquals("interrupted", JSON.readTree(runDir.resolve("report.json").toFile()).get("outcome").asText());
        assertTrue(Files.readString(runDir.resolve("report.md")).toLowerCase(java.util.Locale.ROOT).contains("interrupted"));
    }

    /** Starts {@code runbook run} in a JVM of its own and kills it (SIGKILL) once {@code key} has started. */
    Path killMidStep(Path rb, String key) throws Exception {
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli",
                "run", rb.toString(), "--target", target, "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long end = System.currentTimeMillis() + 60_000;
            while (!(Files.exists(out.resolve("events.jsonl"))
                    && Files.readString(out.resolve("events.jsonl")).contains("\"key\":\"" + key + "\""))) {
                assertTrue(System.currentTimeMillis() < end && p.isAlive(), "never reached " + key + ": "
                        + Files.readString(dir.resolve("out.txt")));
                Thread.sleep(50);
            }
            Thread.sleep(300);
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("events.jsonl"), list(out), "a killed run leaves only its event log");
        String runId = new EventLogReader().read(out).run().id();
        Path runDir = Files.createDirectories(dir.resolve("runs")).resolve(runId);
        Files.move(out, runDir);
        return runDir;
    }
}
