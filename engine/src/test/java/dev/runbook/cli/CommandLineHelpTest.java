package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a new user meets it: typos, help, completion, colour, and --embedded on a bare target. */
class CommandLineHelpTest {
    static final String INVALID = "src/test/resources/golden/validate/unknown_key.yaml";

    @Test
    void aMistypedCommandGetsASuggestionNotTheWholeUsage() {
        TestCli.Result r = TestCli.run("rnu", "x.yaml");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("runbook: unknown command 'rnu'; did you mean 'run'?\n"), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
        TestCli.Result far = TestCli.run("deploy");
        assertEquals(2, far.code());
        assertTrue(far.err().startsWith("runbook: unknown command 'deploy'\n"), "no far-fetched guess: " + far.err());
    }

    @Test
    void everyCommandIsListedWithAWholeSentence() {
        TestCli.Result r = TestCli.run("--help");
        assertEquals(0, r.code());
        String commands = r.out().substring(r.out().indexOf("Commands:"), r.out().indexOf("Exit codes:"));
        List<String> entries = new ArrayList<>();
        for (String line : commands.lines().skip(1).toList()) {
            if (line.isBlank()) continue;
            if (line.startsWith("    ")) entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            else entries.add(line.strip());
        }
        assertEquals(RunbookCli.commandLine().getSubcommands().size(), entries.size(), entries.toString());
        for (String e : entries) assertTrue(e.endsWith("."), "a listed description ends its sentence: " + e);
        assertTrue(r.out().contains("Exit codes: 0 success, 1 run failed, 2 invalid input or usage, 3 precondition"), r.out());
    }

    @Test
    void completionPrintsPicocliScriptsForBashAndZsh() {
        for (String shell : List.of("bash", "zsh")) {
            TestCli.Result r = TestCli.run("completion", shell);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("complete -F _complete_runbook"), shell);
            assertTrue(r.out().contains("ZSH_VERSION"), "the script sets zsh up too");
            for (String cmd : List.of("validate", "plan", "run", "resume", "history", "report", "schema")) {
                assertTrue(r.out().contains(cmd), shell + " completes " + cmd);
            }
        }
        assertEquals(2, TestCli.run("completion", "fish").code());
    }

    @Test
    void noColorTurnsOffColourEvenWhereItWouldBeOn() {
        String before = System.getProperty("picocli.ansi");
        System.setProperty("picocli.ansi", "true");
        try {
            assertTrue(TestCli.run("validate", INVALID).err().contains("\u001B["), "forced colour is on");
            TestCli.Result plain = TestCli.run("validate", "--no-color", INVALID);
            assertEquals(2, plain.code());
            assertFalse(plain.err().contains("\u001B["), plain.err());
            assertTrue(plain.err().contains("error: unknown key 'sqll'"), plain.err());
        } finally {
            if (before == null) System.clearProperty("picocli.ansi");
            else System.setProperty("picocli.ansi", before);
        }
    }

    @Test
    void embeddedNeedsNoUrlButPlanningWithoutOneSaysWhatToPass(@TempDir Path dir) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, "version: 1\nid: bare\ntargets:\n  db: { engine: postgresql }\nsteps:\n"
                + "  - id: one\n    mutating: false\n    sql: SELECT 1\n");
        assertEquals(0, TestCli.run("validate", rb.toString()).code());
        TestCli.Result embedded = TestCli.run("plan", rb.toString(), "--embedded");
        assertEquals(0, embedded.code(), embedded.err());
        assertTrue(embedded.out().contains("embedded postgresql"), embedded.out());
        TestCli.Result bare = TestCli.run("plan", rb.toString());
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("target 'db' has no connection: it declares no url or host [RB405]"), bare.err());
        assertTrue(bare.err().contains("pass --target db=JDBC_URL, or --embedded"), bare.err());
    }
}
