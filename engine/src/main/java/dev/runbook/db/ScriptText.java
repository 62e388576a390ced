package dev.runbook.db;

import java.util.Arrays;
import java.util.Objects;

/** A script with its byte-order mark removed, able to turn offsets into 1-based line and column. */
final class ScriptText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String text;
    private final int[] lineStarts;

    ScriptText(String script) {
        Objects.requireNonNull(script, "script");
        this.text = !script.isEmpty() && script.charAt(0) == BYTE_ORDER_MARK ? script.substring(1) : script;
        this.lineStarts = indexLineStarts(text);
    }

    String text() {
        return text;
    }

    /** The trimmed statement in {@code [from, to)}, or null when that range is blank. */
    SqlStatement statement(int from, int to, int repeat) {
        int start = from;
        int end = to;
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        int lineIndex = lineIndexOf(start);
        int column = text.codePointCount(lineStarts[lineIndex], start) + 1;
        return new SqlStatement(text.substring(start, end), lineIndex + 1, column, repeat);
    }

    /** 0-based index of the line holding {@code offset}. */
    int lineIndexOf(int offset) {
        int found = Arrays.binarySearch(lineStarts, offset);
        return found >= 0 ? found : -found - 2;
    }

    /** CR LF, LF and a lone CR each end one line. */
    private static int[] indexLineStarts(String s) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n'));
            if (lineBreak) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }
}
