package dev.runbook.db;

import java.util.Arrays;
import java.util.Objects;

/**
 * A script with its byte-order mark removed, able to turn offsets into 1-based line and column. Columns
 * are counted from the last position asked for when the next one is further along the same line, so a
 * splitter walking a long one-line script forwards does linear work in all (not once per statement from
 * the line's start). Not thread-safe: one per split.
 */
final class ScriptText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String text;
    private final int[] lineStarts;
    private int cursorOffset;
    private int cursorLine;
    private int cursorColumn = 1;

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
        return new SqlStatement(text.substring(start, end), lineIndex + 1, column(start), repeat);
    }

    /** 1-based column of {@code offset} on its line, in code points. */
    int column(int offset) {
        int lineIndex = lineIndexOf(offset);
        if (lineIndex != cursorLine || offset < cursorOffset) {
            cursorLine = lineIndex;
            cursorOffset = lineStarts[lineIndex];
            cursorColumn = 1;
        }
        cursorColumn += text.codePointCount(cursorOffset, offset);
        cursorOffset = offset;
        return cursorColumn;
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
