package dev.runbook.reports.text;

/**
 * Makes text from a runbook, a param or a target safe to show: control characters (terminal escape
 * sequences, NUL, DEL, C1 controls) and the bidirectional overrides that reorder what a reader sees
 * become visible escapes such as {@code \x1b} or {@code \u202e}, so printing a value can never drive
 * the terminal or hide text.
 */
public final class Printable {
    private Printable() {}

    /** Escapes control characters (a carriage return too, which can overwrite a line) but keeps line feeds and tabs. */
    public static String text(String value) {
        return escape(value, false);
    }

    /** Escapes every control character, line breaks included (one-line contexts: a table cell, a message). */
    public static String of(String value) {
        return escape(value, true);
    }

    private static String escape(String value, boolean oneLine) {
        if (value == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean keep = !needsEscape(c) || (!oneLine && (c == '\n' || c == '\t'));
            if (!keep && out == null) out = new StringBuilder(value.length() + 16).append(value, 0, i);
            if (out == null) continue;
            if (keep) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x100) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? value : out.toString();
    }

    /** True for C0 and C1 controls, DEL, and the bidi embedding, override and isolate characters. */
    public static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
