package dev.runbook.reports.render;

import dev.runbook.reports.text.Printable;

/** Makes run values safe to drop into Markdown that a ticket system renders. */
final class MarkdownText {

    private static final String SPECIAL = "\\`*_{}[]()#+-.!|<>~&";

    private MarkdownText() {
    }

    /** Plain text on one line: every Markdown or HTML-significant character is backslash-escaped. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String oneLine = Printable.of(value.replaceAll("\\s*\\R\\s*", " ").strip());
        StringBuilder out = new StringBuilder(oneLine.length() + 8);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A block quote keeping the value's lines, each escaped like {@link #text}. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder();
        for (String line : (value == null ? "" : value.strip()).split("\\R")) {
            out.append("> ").append(text(line)).append('\n');
        }
        return out.toString();
    }

    /** An inline code span that survives backticks in the value (CommonMark: a longer fence). */
    static String code(String value) {
        if (value == null) {
            return "`null`";
        }
        String oneLine = Printable.of(value.replaceAll("\\s*\\R\\s*", " ").strip());
        int longest = 0;
        int run = 0;
        for (int i = 0; i < oneLine.length(); i++) {
            run = oneLine.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
        return fence + pad + oneLine + pad + fence;
    }

    /** Cuts long values so a ticket comment stays short; the full text is in the other reports. */
    static String shorten(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        return value.substring(0, max - 1) + "…";
    }
}
