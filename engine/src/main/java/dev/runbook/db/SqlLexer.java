package dev.runbook.db;

import dev.runbook.db.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into tokens that cover it without gaps, following one engine's quoting and comment rules.
 *
 * <p>Unterminated strings, identifiers and comments run to the end of the text, as the servers would
 * read them; the server then reports the error.
 */
final class SqlLexer {

    static final SqlLexer POSTGRES = new SqlLexer(true);
    static final SqlLexer SQL_SERVER = new SqlLexer(false);

    // PostgreSQL has dollar quotes and E'' strings; SQL Server has [bracketed] identifiers and @vars.
    private final boolean postgres;

    private SqlLexer(boolean postgres) {
        this.postgres = postgres;
    }

    List<SqlToken> tokenize(String s) {
        return tokenize(s, 0);
    }

    /** The tokens of {@code s} from offset {@code from} on, with offsets into {@code s}. */
    List<SqlToken> tokenize(String s, int from) {
        List<SqlToken> tokens = new ArrayList<>();
        int i = from;
        while (i < s.length()) {
            SqlToken token = next(s, i);
            tokens.add(token);
            i = token.end();
        }
        return tokens;
    }

    /** The one token starting at {@code i} (below {@code s.length()}), for callers that must stop lexing somewhere. */
    SqlToken next(String s, int i) {
        int end;
        Kind kind;
        char c = s.charAt(i);
        char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
        String dollarTag;
        if (Character.isWhitespace(c)) {
            kind = Kind.WHITESPACE;
            end = i + 1;
            while (end < s.length() && Character.isWhitespace(s.charAt(end))) {
                end++;
            }
        } else if (c == '-' && next == '-') {
            kind = Kind.LINE_COMMENT;
            end = lineEnd(s, i);
        } else if (c == '/' && next == '*') {
            kind = Kind.BLOCK_COMMENT;
            end = blockCommentEnd(s, i);
        } else if (c == '\'') {
            kind = Kind.STRING;
            end = quotedEnd(s, i + 1, '\'', false);
        } else if (postgres && (c == 'E' || c == 'e') && next == '\'') {
            // Reached only at a token start, so the E is a prefix and not the end of a longer word.
            kind = Kind.STRING;
            end = quotedEnd(s, i + 2, '\'', true);
        } else if (c == '"') {
            kind = Kind.QUOTED_IDENTIFIER;
            end = quotedEnd(s, i + 1, '"', false);
        } else if (!postgres && c == '[') {
            kind = Kind.QUOTED_IDENTIFIER;
            end = quotedEnd(s, i + 1, ']', false);
        } else if (postgres && c == '$' && (dollarTag = dollarTag(s, i)) != null) {
            kind = Kind.STRING;
            int close = s.indexOf(dollarTag, i + dollarTag.length());
            end = close < 0 ? s.length() : close + dollarTag.length();
        } else if (isWordStart(c)) {
            kind = Kind.WORD;
            end = i + 1;
            while (end < s.length() && isWordPart(s.charAt(end))) {
                end++;
            }
        } else {
            kind = Kind.SYMBOL;
            end = i + 1;
        }
        return new SqlToken(kind, i, end);
    }

    private boolean isWordStart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c >= 0x80 || (!postgres && (c == '@' || c == '#'));
    }

    private boolean isWordPart(char c) {
        return isWordStart(c) || c == '$';
    }

    /** Index just past a quoted run whose opening quote is before {@code from}; doubled quotes stay inside. */
    private static int quotedEnd(String s, int from, char close, boolean backslashEscapes) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == close) {
                if (i + 1 < s.length() && s.charAt(i + 1) == close) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int lineEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** Both engines nest block comments, so depth is counted. */
    private static int blockCommentEnd(String s, int from) {
        int depth = 0;
        int i = from;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** The {@code $tag$} opening a dollar quote at {@code i}, or null when the dollar sign is something else ($1). */
    private static String dollarTag(String s, int i) {
        int j = i + 1;
        if (j < s.length() && isTagStart(s.charAt(j))) {
            j++;
            while (j < s.length() && (isTagStart(s.charAt(j)) || Character.isDigit(s.charAt(j)))) {
                j++;
            }
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    private static boolean isTagStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }
}
