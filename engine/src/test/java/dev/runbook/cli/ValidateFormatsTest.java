package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runbook.TestCli;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What CI systems read from {@code validate}: SARIF that its schema accepts, GitHub annotations, same exit codes. */
class ValidateFormatsTest {
    static final String WITH_WARNINGS = CliTest.FIXTURE;
    static final String UNKNOWN_KEY = "src/test/resources/golden/validate/unknown_key.yaml";

    static JsonSchema sarifSchema() throws Exception {
        try (InputStream in = ValidateFormatsTest.class.getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            JsonNode schema = new ObjectMapper().readTree(in);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        }
    }

    @Test
    void sarifOfARunbookWithWarningsValidatesAgainstTheSarifSchema() throws Exception {
        TestCli.Result text = TestCli.run("validate", WITH_WARNINGS);
        TestCli.Result r = TestCli.run("validate", "--format", "sarif", WITH_WARNINGS);
        assertEquals(0, r.code(), r.err());
        JsonNode log = new ObjectMapper().readTree(r.out());
        Set<ValidationMessage> problems = sarifSchema().validate(log);
        assertTrue(problems.isEmpty(), problems.toString());

        JsonNode run = log.get("runs").get(0);
        JsonNode results = run.get("results");
        long warnings = text.err().lines().filter(l -> l.contains(": warning: ")).count();
        assertTrue(warnings > 0, text.err());
        assertEquals(warnings, results.size(), "one result per warning the text format prints");
        Set<String> ruleIds = new HashSet<>();
        run.get("tool").get("driver").get("rules").forEach(rule -> ruleIds.add(rule.get("id").asText()));
        for (JsonNode result : results) {
            assertEquals("warning", result.get("level").asText());
            assertTrue(ruleIds.contains(result.get("ruleId").asText()), result.toString());
            assertEquals(result.get("ruleId").asText(),
                    run.get("tool").get("driver").get("rules").get(result.get("ruleIndex").asInt()).get("id").asText());
            JsonNode loc = result.get("locations").get(0).get("physicalLocation");
            // Findings in an included fragment name the fragment's file.
            assertTrue(loc.get("artifactLocation").get("uri").asText().startsWith("src/test/resources/fixtures/plan/"), loc.toString());
            assertTrue(loc.get("region").get("startLine").asInt() > 0, result.toString());
        }
    }

    @Test
    void sarifOfAnInvalidRunbookExitsTwoWithTheErrorsPosition() throws Exception {
        TestCli.Result r = TestCli.run("validate", "--format", "sarif", UNKNOWN_KEY, WITH_WARNINGS);
        assertEquals(2, r.code());
        JsonNode log = new ObjectMapper().readTree(r.out());
        assertTrue(sarifSchema().validate(log).isEmpty());
        JsonNode error = null;
        for (JsonNode res : log.get("runs").get(0).get("results")) if (res.get("level").asText().equals("error")) error = res;
        assertEquals("RB101", error.get("ruleId").asText());
        JsonNode region = error.get("locations").get(0).get("physicalLocation").get("region");
        assertEquals(7, region.get("startLine").asInt());
        assertEquals(5, region.get("startColumn").asInt());
        assertTrue(error.get("message").get("text").asText().contains("did you mean 'sql'?"));
    }

    @Test
    void strictSarifReportsLintAsErrors() throws Exception {
        TestCli.Result r = TestCli.run("validate", "--strict", "--format", "sarif", WITH_WARNINGS);
        assertEquals(2, r.code());
        for (JsonNode res : new ObjectMapper().readTree(r.out()).get("runs").get(0).get("results")) {
            assertEquals("error", res.get("level").asText());
        }
    }

    @Test
    void githubFormatPrintsOneAnnotationPerFinding() {
        TestCli.Result r = TestCli.run("validate", "--format", "github", UNKNOWN_KEY);
        assertEquals(2, r.code());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("::error file=" + UNKNOWN_KEY + ",line=7,col=5,title=RB101::unknown key 'sqll' in step 'migrate'"
                + " (did you mean 'sql'?)%0Ahint: allowed keys here: " + hintOf(UNKNOWN_KEY)), r.out());
        TestCli.Result ok = TestCli.run("validate", "--format", "github", WITH_WARNINGS);
        assertEquals(0, ok.code());
        assertTrue(ok.out().lines().allMatch(l -> l.matches("::warning file=src/test/resources/fixtures/plan/\\S+,line=\\d+,col=\\d+,title=RB\\d{3}::.+")), ok.out());
        assertTrue(ok.out().lines().count() > 0);
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        TestCli.Result r = TestCli.run("validate", "--format", "xml", WITH_WARNINGS);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("TEXT, JSON, SARIF, GITHUB"), r.err());
    }

    private static String hintOf(String file) {
        String err = TestCli.run("validate", file).err();
        return err.lines().filter(l -> l.startsWith("    hint: allowed keys here: ")).findFirst().orElseThrow()
                .substring("    hint: allowed keys here: ".length());
    }

    @Test
    void schemaPrintsEachPublishedSchemaByKind() throws Exception {
        for (String kind : List.of("runbook", "fragment", "plan", "report", "events")) {
            TestCli.Result r = TestCli.run("schema", "--kind", kind);
            assertEquals(0, r.code(), r.err());
            assertEquals(java.nio.file.Files.readString(java.nio.file.Path.of("../dsl-schema/" + kind + ".schema.json")), r.out(), kind);
        }
        assertEquals(TestCli.run("schema", "--kind", "runbook").out(), TestCli.run("schema").out());
        assertEquals(2, TestCli.run("schema", "--kind", "nonsense").code());
    }
}
