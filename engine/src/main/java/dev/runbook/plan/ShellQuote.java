package dev.runbook.plan;

import java.util.regex.Pattern;

/** Quotes an argv element for display only (commands never go through a shell unless written as script:). */
final class ShellQuote {
    /** Compiled once: String.matches compiled it for every argument of every shell step a plan shows. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+|\\$\\{[^}]*\\}");

    private ShellQuote() {}

    static String quote(String arg) {
        if (!arg.isEmpty() && PLAIN.matcher(arg).matches()) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
