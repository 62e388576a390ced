package dev.runbook.cli;

import dev.runbook.diag.Suggestions;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error (exit 2) in two lines: what was wrong, and the likely fix ("did you mean 'run'?") or where the
 * help is; not the whole usage, which buries the one line that matters.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        String head = cl.getColorScheme().ansi().string("@|red,bold " + Output.escape(name) + ":|@ ");
        String unknown = unknownCommand(ex);
        if (unknown != null) {
            // Two edits: a swapped pair of letters ("rnu") is a typo of a command name, not another word.
            String guess = Suggestions.closest(unknown, cl.getSubcommands().keySet(), 2);
            err.println(head + "unknown command '" + unknown + "'" + (guess == null ? "" : "; did you mean '" + guess + "'?"));
            err.println("  commands: " + String.join(", ", cl.getSubcommands().keySet()) + " (" + name + " --help)");
        } else {
            err.println(head + ex.getMessage());
            if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("  see '" + name + " --help'");
            }
        }
        err.flush();
        return ExitCodes.INVALID;
    }

    /** The first unmatched word where a subcommand was expected, or null. */
    private static String unknownCommand(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException u) || ex.getCommandLine().getSubcommands().isEmpty()) return null;
        if (u.getUnmatched().isEmpty()) return null;
        String first = u.getUnmatched().get(0);
        return first.startsWith("-") ? null : first;
    }
}
