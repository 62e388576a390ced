package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.reports.text.Printable;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/** Prints diagnostics like a compiler: one line each, a hint below, a count at the end. */
final class Output {
    private Output() {}

    static void printDiagnostics(PrintWriter err, List<Diagnostic> diagnostics, Ansi ansi) {
        for (Diagnostic d : diagnostics) {
            String sev = d.isError() ? ansi.string("@|red,bold error|@") : ansi.string("@|yellow,bold warning|@");
            // Messages quote the input; a terminal escape sequence in it must show, not act.
            err.println(ansi.string("@|bold " + escape(Printable.of(d.position().toString())) + "|@") + ": " + sev + ": "
                    + Printable.of(d.message()) + " [" + d.code() + "]");
            if (d.hint() != null && !d.hint().isBlank()) err.println("    hint: " + Printable.of(d.hint()));
        }
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        long warnings = diagnostics.size() - errors;
        if (errors > 0) err.println(errors + (errors == 1 ? " error" : " errors") + (warnings > 0 ? ", " + warnings + " warning(s)" : "")
                + "; nothing was executed");
        err.flush();
    }

    /** picocli markup uses |@ and @|; positions never contain them, but be safe. */
    static String escape(String s) {
        return s.replace("@|", "@ |").replace("|@", "| @");
    }
}
