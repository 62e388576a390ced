package dev.runbook.plan;

/** Quotes an argv element for display only (commands never go through a shell unless written as script:). */
final class ShellQuote {
    private ShellQuote() {}

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=@%+,-]+|\\$\\{[^}]*\\}")) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
