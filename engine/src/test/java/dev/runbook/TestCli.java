package dev.runbook;

import dev.runbook.cli.RunbookCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code runbook} command line in-process, as a user would, capturing what it prints. */
public final class TestCli {
    private TestCli() {}

    /** Exit code and the two streams of one invocation. */
    public record Result(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public static Result run(String... args) {
        CommandLine cl = RunbookCli.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args);
        return new Result(code, o.toString(), e.toString());
    }
}
