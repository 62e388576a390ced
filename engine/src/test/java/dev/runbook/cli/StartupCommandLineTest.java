package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What {@code main} builds for its arguments (only what they need, for start-up time) still answers as the whole
 * command line does: the version, a subcommand, a mistake after --version.
 */
class StartupCommandLineTest {
    private record Result(int code, String out, String err, CommandLine cl) {}

    private static Result main(String... args) {
        CommandLine cl = RunbookCli.forArgs(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString(), cl);
    }

    @Test
    void versionAloneBuildsNoSubcommandAndPrintsTheVersion() {
        for (String flag : new String[] {"--version", "-V"}) {
            Result r = main(flag);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("runbook "), r.out());
            assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
            assertTrue(r.cl().getSubcommands().isEmpty(), r.cl().getSubcommands().keySet().toString());
        }
    }

    @Test
    void aSubcommandGetsOnlyItself() {
        Result r = main("validate", CliTest.FIXTURE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ok: " + CliTest.FIXTURE), r.out());
        assertEquals(java.util.Set.of("validate"), r.cl().getSubcommands().keySet());
    }

    @Test
    void versionFollowedByATypoIsJudgedByTheWholeTree() {
        Result whole = main("--version", "valdate");
        CommandLine full = RunbookCli.commandLine();
        assertEquals(full.getSubcommands().keySet(), whole.cl().getSubcommands().keySet());
        assertEquals(0, whole.code(), whole.err());   // picocli answers --version before it runs anything
        assertTrue(whole.out().startsWith("runbook "), whole.out());
    }

    @Test
    void noArgumentsAreAUsageErrorWithTheWholeTree() {
        Result r = main();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
        assertEquals(RunbookCli.commandLine().getSubcommands().keySet(), r.cl().getSubcommands().keySet());
    }
}
