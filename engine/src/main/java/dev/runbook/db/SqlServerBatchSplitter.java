package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a SQL Server script into batches on {@code GO} lines the way sqlcmd does; semicolons never split.
 *
 * <p>A separator line holds only {@code GO} (any case), an optional repeat count and an optional
 * {@code --} comment. A line that starts inside a string, a quoted identifier or a block comment is
 * never a separator. As in sqlcmd, a line whose first word is {@code GO} followed by anything else
 * ({@code GO 2x}, {@code GO /* note *&#47;}, {@code GO;}) is an error with its position, never part of
 * the batch: kept, it would merge two batches and a CREATE PROCEDURE would swallow the next one.
 */
final class SqlServerBatchSplitter {

    private static final Pattern SEPARATOR = Pattern.compile("\\s*(?i:go)(?:\\s+(\\d+))?\\s*(?:--.*)?");
    /** A line whose first word is GO: {@code GO} not followed by a letter, digit or underscore ({@code GOTO} is not). */
    private static final Pattern GO_WORD = Pattern.compile("\\s*(?i:go)(?![\\p{L}\\p{N}_@#$])");

    private SqlServerBatchSplitter() {
    }

    static List<SqlStatement> split(String script) {
        ScriptText source = new ScriptText(script);
        String text = source.text();
        List<SqlToken> tokens = SqlLexer.SQL_SERVER.tokenize(text);
        int[] codeStarts = tokens.stream().filter(t -> !t.kind().isTrivia()).mapToInt(SqlToken::start).toArray();
        List<SqlStatement> batches = new ArrayList<>();
        int batchStart = 0;
        int tokenIndex = 0;
        int lineStart = 0;
        while (true) {
            int lineEnd = lineEnd(text, lineStart);
            while (tokenIndex < tokens.size() && tokens.get(tokenIndex).end() <= lineStart) {
                tokenIndex++;
            }
            boolean continuesToken = tokenIndex < tokens.size()
                    && tokens.get(tokenIndex).start() < lineStart
                    && tokens.get(tokenIndex).kind().isOpaque();
            Matcher separator = SEPARATOR.matcher(text).region(lineStart, lineEnd);
            int nextLine = nextLineStart(text, lineEnd);
            if (!continuesToken && separator.matches()) {
                int repeat = repeatCount(separator.group(1), source, lineStart);
                addIfCode(batches, source, codeStarts, batchStart, lineStart, repeat);
                batchStart = nextLine;
            } else if (!continuesToken) {
                Matcher go = GO_WORD.matcher(text).region(lineStart, lineEnd);
                if (go.lookingAt()) {
                    int at = go.end();
                    while (at < lineEnd && Character.isWhitespace(text.charAt(at))) {
                        at++;
                    }
                    throw new SqlScriptException(source.lineIndexOf(lineStart) + 1, source.column(at),
                            "a GO line holds only GO, an optional count and an optional -- comment; found '"
                                    + text.substring(at, Math.min(lineEnd, at + 40)) + "'",
                            "write GO alone on its line, optionally with a count and a comment: GO 5 -- five times");
                }
            }
            if (lineEnd == text.length()) {
                break;
            }
            lineStart = nextLine;
        }
        addIfCode(batches, source, codeStarts, batchStart, text.length(), 1);
        return List.copyOf(batches);
    }

    private static int repeatCount(String digits, ScriptText source, int lineStart) {
        if (digits == null) {
            return 1;
        }
        try {
            int count = Integer.parseInt(digits);
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException tooLarge) {
            // reported below with the line, like a zero count
        }
        int at = source.text().indexOf(digits, lineStart);
        throw new SqlScriptException(source.lineIndexOf(lineStart) + 1, source.column(at), "GO count must be between 1 and "
                + Integer.MAX_VALUE + ", was " + digits, "GO 1 (or GO alone) runs the batch once");
    }

    /** Batches of only comments are dropped: there is nothing to send. */
    private static void addIfCode(List<SqlStatement> out, ScriptText source, int[] codeStarts,
                                  int from, int to, int repeat) {
        if (from < to && hasCodeStartIn(codeStarts, from, to)) {
            out.add(source.statement(from, to, repeat));
        }
    }

    private static boolean hasCodeStartIn(int[] sortedStarts, int from, int to) {
        int low = 0;
        int high = sortedStarts.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sortedStarts[mid] < from) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low < sortedStarts.length && sortedStarts[low] < to;
    }

    private static int lineEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static int nextLineStart(String s, int lineEnd) {
        if (lineEnd < s.length() && s.charAt(lineEnd) == '\r' && lineEnd + 1 < s.length()
                && s.charAt(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return Math.min(s.length(), lineEnd + 1);
    }
}
