package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * One place that turns exceptions into messages and exit codes. Anything unexpected is a bug: one line
 * asks for a report, and the stack trace is printed only with {@code --debug}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final String DEBUG = "--debug";
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        if (ex instanceof InvalidInputException invalid) {
            Output.printDiagnostics(cl.getErr(), invalid.diagnostics(), cl.getColorScheme().ansi());
            return ExitCodes.INVALID;
        }
        if (ex instanceof dev.runbook.journal.LockHeldException locked) {
            cl.getErr().println(cl.getColorScheme().ansi().string("@|red,bold runbook:|@ ") + locked.getMessage());
            return ExitCodes.LOCKED;
        }
        if (ex instanceof dev.runbook.exec.RowReader.RowsUnreadable rows) {
            // Like a precondition that cannot hold: read before anything started, so nothing changed.
            cl.getErr().println(cl.getColorScheme().ansi().string("@|red,bold runbook:|@ ") + rows.getMessage());
            return ExitCodes.PRECONDITION;
        }
        if (ex instanceof dev.runbook.journal.JournalVersionException newer) {
            cl.getErr().println(cl.getColorScheme().ansi().string("@|red,bold runbook:|@ ") + newer.getMessage());
            return ExitCodes.FAILED;
        }
        return bug(ex, cl, parsed);
    }

    /**
     * An exception or error nothing expected (a StackOverflowError included): a bug, reported in one line.
     * The message is escaped, since it may quote the input.
     */
    static int bug(Throwable ex, CommandLine cl, ParseResult parsed) {
        boolean debug = parsed != null && parsed.expandedArgs().contains(DEBUG);
        String what = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + shorten(ex.getMessage()));
        cl.getErr().println(cl.getColorScheme().ansi().string("@|red,bold runbook: internal error (a bug):|@ ")
                + dev.runbook.reports.text.Printable.of(what)
                + (debug ? "" : "; please report it with the command and its input (--debug prints the trace)"));
        if (debug) ex.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return ExitCodes.FAILED;
    }

    private static String shorten(String message) {
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    static String render(Diagnostic d) {
        return d.render();
    }
}
