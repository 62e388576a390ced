package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes, messages on the right stream, nothing leaked. */
class CliTest {
    static final String FIXTURE = "src/test/resources/fixtures/plan/runbook.yaml";

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = RunbookCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void validateAcceptsAValidRunbookWithWarnings() {
        Result r = run("validate", FIXTURE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ok: " + FIXTURE + " (8 steps"), r.out());
        assertTrue(r.err().contains("warning"), "lint warnings go to stderr");
    }

    @Test
    void strictTurnsWarningsIntoExitTwo() {
        Result r = run("validate", "--strict", FIXTURE);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error: step 'purge' changes the target but declares no rollback"), r.err());
    }

    @Test
    void invalidRunbookExitsTwoWithPositions() {
        Result r = run("validate", "src/test/resources/golden/validate/unknown_key.yaml");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown_key.yaml:7:5: error: unknown key 'sqll' in step 'migrate' (did you mean 'sql'?) [RB101]"), r.err());
        assertTrue(r.err().contains("nothing was executed"));
    }

    @Test
    void validateJsonIsMachineReadable() throws Exception {
        Result r = run("validate", "--format", "json", "src/test/resources/golden/validate/files.yaml");
        assertEquals(2, r.code());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode d = json.get(0).get("diagnostics");
        assertTrue(d.toString().contains("\"line\":11"), d.toString());
        assertFalse(json.get(0).get("valid").asBoolean());
    }

    @Test
    void missingFileAndHugeFileAreInvalidInput(@TempDir Path tmp) throws Exception {
        Result missing = run("validate", tmp.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml: error: file not found"), missing.err());
        Path huge = tmp.resolve("huge.yaml");
        Files.writeString(huge, "version: 1\nid: huge\nsteps: []\n# " + "x".repeat(5 * 1024 * 1024) + "\n");
        Result big = run("validate", huge.toString());
        assertEquals(2, big.code());
        assertTrue(big.err().contains("runbooks are limited to 1,048,576 bytes (1 MB) [RB002]"), big.err());
    }

    @Test
    void planPrintsDecisionsAndMasksSecrets() {
        Result r = run("plan", FIXTURE, "--env", "dev", "--param", "ticket=OPS-42", "--embedded");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("apply-only  SKIP (when: params.apply is false)"), r.out());
        assertTrue(r.out().contains("after-change  RUN IF steps.change.affected > 0"), r.out());
        assertTrue(r.out().contains("Preconditions (evaluated at run time, before any change)"));
        assertTrue(r.out().contains("| INSERT INTO items(batch, owner_id) VALUES (:batch, 1);"));
        assertFalse(r.out().contains("tok-very-secret-1234"), "secret default never printed");
        assertTrue(r.out().contains("param api_token  ******"), r.out());
    }

    @Test
    void planJsonCarriesHashAndCanBeSaved(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("plan.json");
        Result r = run("plan", FIXTURE, "--env", "dev", "-p", "ticket=OPS-42", "--embedded", "--format", "json",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("plan_version").asInt());
        assertTrue(json.get("plan_hash").asText().matches("sha256:[0-9a-f]{64}"));
        assertEquals("skip", json.get("steps").get(4).get("decision").asText());
        assertEquals(json.get("plan_hash").asText(), new ObjectMapper().readTree(out.toFile()).get("plan_hash").asText());
    }

    @Test
    void planRefusesBadParamsWithExitTwo() {
        Result r = run("plan", FIXTURE, "--env", "dev", "-p", "ticket=oops", "--embedded");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--param ticket: error: param 'ticket' must match ^[A-Z]+-[0-9]+$ (given 'oops')"), r.err());
        Result env = run("plan", FIXTURE, "--env", "moon", "-p", "ticket=OPS-1", "--embedded");
        assertEquals(2, env.code());
        assertTrue(env.err().contains("environment 'moon' is not one this runbook may target"), env.err());
    }

    @Test
    void schemaCommandPrintsThePublishedSchema() throws Exception {
        Result r = run("schema");
        assertEquals(0, r.code());
        assertEquals(new ObjectMapper().readTree(Path.of("../dsl-schema/runbook.schema.json").toFile()),
                new ObjectMapper().readTree(r.out()));
    }

    @Test
    void usageErrorsExitTwoAndHelpExitsZero() {
        assertEquals(2, run("plan").code());
        assertEquals(2, run("frobnicate").code());
        Result help = run("plan", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--params-file"));
    }
}
