package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli.Result;
import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runbook report (re-render a run folder) and plan --report (the reviewer's copy of a dry run). */
class ReportCommandsTest {
    @TempDir
    Path dir;


    private static Result cli(String... args) {
        return TestCli.run(args);
    }

    @Test
    void planWritesTheDryRunAsReportsWithItsHashAndWhatPoliciesMiss() throws Exception {
        Result r = cli("plan", "../runbooks/staging-migrations-001-008/runbook.yaml", "--env", "staging", "-p", "ticket=OPS-42",
                "--embedded", "--report", "html,md,json,junit", "--report-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("report.html", "report.md", "report.json", "report.junit.xml")) {
            assertTrue(r.err().contains("plan report: " + dir.resolve(f)), r.err());
        }
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("DRY RUN / PLAN"), md);
        assertTrue(md.contains("policy 'require\\_maintenance\\_window' is not met"), md);
        String json = Files.readString(dir.resolve("report.json"));
        assertTrue(json.contains("\"mode\" : \"plan\"") || json.contains("\"mode\":\"plan\""), json.substring(0, 400));
        assertTrue(Files.readString(dir.resolve("report.html")).contains("migrate-008"));
    }

    @Test
    void reportRendersARunFolderAgainAndRefusesAFolderThatIsNotOne() throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, "version: 1\nid: tiny\nsteps:\n  - id: hello\n    shell: [echo, hello]\n    mutating: false\n");
        Path run = dir.resolve("run");
        assertEquals(0, cli("run", rb.toString(), "--out", run.toString(), "--report", "json").code());
        assertFalse(Files.exists(run.resolve("report.html")));
        Result again = cli("report", run.toString(), "--format", "html,md");
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.readString(run.resolve("report.html")).contains("hello"));
        assertTrue(again.out().contains("report: " + run.resolve("report.md")), again.out());

        Result notARun = cli("report", dir.toString());
        assertEquals(2, notARun.code());
        assertTrue(notARun.err().contains("not a run folder: it holds no events.jsonl"), notARun.err());
    }
}
