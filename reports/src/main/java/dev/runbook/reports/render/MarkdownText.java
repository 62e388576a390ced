package dev.runbook.reports.render;

import dev.runbook.reports.text.Printable;

/** Makes run values safe to drop into Markdown that a ticket system renders (run reports and the plan's Markdown). */
public final class MarkdownText {

    /** Characters that start or end inline markup anywhere in a line (CommonMark and GFM tables/strikethrough). */
    private static final String INLINE = "\\`*_[]<>|~";

    private MarkdownText() {
    }

    /**
     * Plain text on one line, escaped only where Markdown would read markup: inline markup characters
     * anywhere, an entity-like {@code &name;}, and a line start that would open a heading, list or quote.
     * Plain punctuation stays as written ({@code OPS-42}, {@code 1.5 s}, {@code (exit 1)}).
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        String oneLine = Printable.of(value.replaceAll("\\s*\\R\\s*", " ").strip());
        StringBuilder out = new StringBuilder(oneLine.length() + 8);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            if (INLINE.indexOf(c) >= 0 || (c == '&' && ENTITY.matcher(oneLine).region(i, oneLine.length()).lookingAt())) {
                out.append('\\');
            }
            out.append(c);
        }
        java.util.regex.Matcher start = BLOCK_START.matcher(out);
        if (start.lookingAt()) out.insert(start.end() - 1, '\\');
        return out.toString();
    }

    private static final java.util.regex.Pattern ENTITY = java.util.regex.Pattern.compile("&#?[A-Za-z0-9]+;");
    /** What would make a line a heading, list item or thematic break if the value began one; its last character is escaped. */
    private static final java.util.regex.Pattern BLOCK_START = java.util.regex.Pattern.compile("[#+\\-=]|[0-9]{1,9}[.)]");

    /**
     * A block quote keeping the value's lines, each escaped like {@link #text}; each line is a paragraph of its own
     * (an empty quote line between), since Markdown would join consecutive lines into one.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder();
        for (String line : (value == null ? "" : value.strip()).split("\\R")) {
            if (line.isBlank()) continue;
            if (out.length() > 0) out.append(">\n");
            out.append("> ").append(text(line)).append('\n');
        }
        return out.toString();
    }

    /** A table cell's code span: GFM splits cells at a pipe even inside code, unless it is escaped. */
    public static String cellCode(String value) {
        return code(value).replace("|", "\\|");
    }

    /** An inline code span that survives backticks in the value (CommonMark: a longer fence). */
    public static String code(String value) {
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

    /**
     * A fenced code block keeping the value's lines as written (control characters escaped): the fence is longer
     * than any backtick run inside, so SQL or a script cannot close it early.
     */
    public static String fence(String language, String value) {
        String body = Printable.text(value == null ? "" : value.strip());
        int longest = 0;
        int run = 0;
        for (int i = 0; i < body.length(); i++) {
            run = body.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + (language == null ? "" : language) + "\n" + body + "\n" + fence + "\n";
    }
}
