package dev.runbook.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits PostgreSQL scripts and finds named parameters while respecting quotes, dollar quotes and
 * comments. Interim: the dialect layer replaces it.
 */
final class PostgresScripts implements ScriptDialect {
    private static final Pattern NON_TX = Pattern.compile(
            "(?is)^\\s*(create\\s+(unique\\s+)?index\\s+concurrently|drop\\s+index\\s+concurrently"
                    + "|reindex\\b.*\\bconcurrently|vacuum\\b|create\\s+database|drop\\s+database|alter\\s+system"
                    + "|create\\s+tablespace|drop\\s+tablespace|alter\\s+database\\s+\\S+\\s+set\\s+tablespace"
                    + "|cluster\\s*;?\\s*$)");

    private final boolean postgres;

    PostgresScripts(boolean postgres) {
        this.postgres = postgres;
    }

    @Override
    public List<String> split(String script) {
        List<String> out = new ArrayList<>();
        Scanner s = new Scanner(script);
        int start = 0;
        while (s.pos < script.length()) {
            char c = script.charAt(s.pos);
            if (s.skipQuotedOrComment()) continue;
            if (c == ';') {
                add(out, script.substring(start, s.pos));
                start = ++s.pos;
                continue;
            }
            s.pos++;
        }
        add(out, script.substring(start));
        return out;
    }

    private static void add(List<String> out, String stmt) {
        String t = stmt.strip();
        if (!stripComments(t).isBlank()) out.add(t);
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
    }

    @Override
    public NamedSql named(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        Scanner s = new Scanner(sql);
        int copied = 0;
        while (s.pos < sql.length()) {
            if (s.skipQuotedOrComment()) continue;
            char c = sql.charAt(s.pos);
            if (c == ':' && s.pos + 1 < sql.length()) {
                char next = sql.charAt(s.pos + 1);
                boolean cast = next == ':' || (s.pos > 0 && sql.charAt(s.pos - 1) == ':');
                if (!cast && next != '=' && (Character.isLetter(next) || next == '_')) {
                    int end = s.pos + 1;
                    while (end < sql.length()) {
                        char ch = sql.charAt(end);
                        boolean dotted = ch == '.' && end + 1 < sql.length()
                                && (Character.isLetterOrDigit(sql.charAt(end + 1)) || sql.charAt(end + 1) == '_');
                        if (Character.isLetterOrDigit(ch) || ch == '_' || dotted) end++;
                        else break;
                    }
                    jdbc.append(sql, copied, s.pos).append('?');
                    names.add(sql.substring(s.pos + 1, end));
                    copied = end;
                    s.pos = end;
                    continue;
                }
                if (next == ':') {
                    s.pos += 2;
                    continue;
                }
            }
            if (c == '?') {
                // A literal ? (jsonb operators) must be escaped for JDBC once ? means a parameter.
                jdbc.append(sql, copied, s.pos).append("??");
                copied = ++s.pos;
                continue;
            }
            s.pos++;
        }
        jdbc.append(sql, copied, sql.length());
        return new NamedSql(names.isEmpty() ? sql : jdbc.toString(), List.copyOf(names));
    }

    @Override
    public String nonTransactionalReason(String statement) {
        String code = stripComments(statement).strip();
        if (!NON_TX.matcher(code).find()) return null;
        String first = code.split("\\s+(?=\\()|\\s+ON\\s+|\\s*;", 2)[0];
        String words = String.join(" ", first.toUpperCase(Locale.ROOT).split("\\s+"));
        return words.length() > 60 ? words.substring(0, 60) + "…" : words;
    }

    @Override
    public String statementTimeoutSql(Duration timeout, boolean inTransaction) {
        if (!postgres) return null;
        return (inTransaction ? "SET LOCAL" : "SET") + " statement_timeout = " + Math.max(1, timeout.toMillis());
    }

    @Override
    public String resetStatementTimeoutSql() {
        return postgres ? "RESET statement_timeout" : null;
    }

    /** Moves over quoted text and comments, which never hold separators or parameters. */
    private static final class Scanner {
        private final String text;
        int pos;

        Scanner(String text) {
            this.text = text;
        }

        boolean skipQuotedOrComment() {
            char c = text.charAt(pos);
            if (c == '\'') {
                boolean escapes = pos > 0 && (text.charAt(pos - 1) == 'E' || text.charAt(pos - 1) == 'e');
                pos = closeQuote(pos + 1, '\'', escapes);
                return true;
            }
            if (c == '"') {
                pos = closeQuote(pos + 1, '"', false);
                return true;
            }
            if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '-') {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl + 1;
                return true;
            }
            if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                int depth = 1;
                pos += 2;
                while (pos < text.length() && depth > 0) {
                    if (text.startsWith("/*", pos)) { depth++; pos += 2; }
                    else if (text.startsWith("*/", pos)) { depth--; pos += 2; }
                    else pos++;
                }
                return true;
            }
            if (c == '$') {
                int end = pos + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
                boolean identChar = pos > 0 && (Character.isLetterOrDigit(text.charAt(pos - 1)) || text.charAt(pos - 1) == '_');
                if (!identChar && end < text.length() && text.charAt(end) == '$'
                        && (end == pos + 1 || !Character.isDigit(text.charAt(pos + 1)))) {
                    String tag = text.substring(pos, end + 1);
                    int close = text.indexOf(tag, end + 1);
                    pos = close < 0 ? text.length() : close + tag.length();
                    return true;
                }
            }
            return false;
        }

        private int closeQuote(int from, char quote, boolean backslashEscapes) {
            int i = from;
            while (i < text.length()) {
                char ch = text.charAt(i);
                if (backslashEscapes && ch == '\\') { i += 2; continue; }
                if (ch == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) { i += 2; continue; }
                    return i + 1;
                }
                i++;
            }
            return text.length();
        }
    }
}
