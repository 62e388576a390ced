package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** One place that turns exceptions into messages and exit codes; a stack trace only with --verbose. */
final class ErrorHandler implements IExecutionExceptionHandler {
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
        if (ex instanceof dev.runbook.journal.JournalVersionException newer) {
            cl.getErr().println(cl.getColorScheme().ansi().string("@|red,bold runbook:|@ ") + newer.getMessage());
            return ExitCodes.FAILED;
        }
        cl.getErr().println(cl.getColorScheme().ansi().string("@|red,bold runbook: internal error:|@ ") + ex);
        if (parsed.expandedArgs().contains("--verbose")) ex.printStackTrace(cl.getErr());
        else cl.getErr().println("  (run again with --verbose for the stack trace)");
        return ExitCodes.FAILED;
    }

    static String render(Diagnostic d) {
        return d.render();
    }
}
