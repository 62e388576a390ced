package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan --out saves the plan as JSON whatever --format prints, and with --format json the same bytes it printed. */
class PlanOutTest {
    /** plan connects to nothing; the fixture's target only needs a URL. */
    private static final String NOWHERE = "app=postgresql://nobody@127.0.0.1:9/none";

    @TempDir
    Path dir;

    @Test
    void withFormatJsonTheSavedPlanIsWhatWasPrinted() throws Exception {
        Path saved = dir.resolve("plan.json");
        TestCli.Result r = TestCli.run("plan", CliTest.FIXTURE, "--env", "dev", "-p", "ticket=OPS-42", "--target", NOWHERE, "--format", "json", "--out", saved.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(r.out(), Files.readString(saved));
        assertTrue(r.err().contains("plan saved to " + saved), r.err());
    }

    @Test
    void withFormatTextTheSavedPlanIsStillJsonWithItsHash() throws Exception {
        Path saved = dir.resolve("plan.json");
        TestCli.Result r = TestCli.run("plan", CliTest.FIXTURE, "--env", "dev", "-p", "ticket=OPS-42", "--target", NOWHERE, "--out", saved.toString());
        assertEquals(0, r.code(), r.err());
        String hash = new ObjectMapper().readTree(Files.readString(saved)).path("plan_hash").asText();
        assertTrue(hash.startsWith("sha256:"), hash);
        assertTrue(r.err().contains(hash), r.err());
        assertTrue(!r.out().trim().startsWith("{"), r.out());
    }
}
