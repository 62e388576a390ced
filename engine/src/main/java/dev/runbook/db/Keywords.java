package dev.runbook.db;

import dev.runbook.db.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The significant tokens of a statement, for keyword rules: comments and whitespace dropped, words
 * upper-cased, symbols kept, and every literal or quoted identifier reduced to a marker so that its
 * content can never match a keyword.
 */
final class Keywords {

    static final String LITERAL = "'";
    static final String QUOTED = "\"";

    private final List<String> tokens;
    // The lexer's token behind each entry of tokens, so a rule can read a literal's content (a DO body).
    private final List<SqlToken> raw;

    private Keywords(List<String> tokens, List<SqlToken> raw) {
        this.tokens = List.copyOf(tokens);
        this.raw = List.copyOf(raw);
    }

    /**
     * The analyser, the splitter's COPY check, the lock and transaction rules and the index checks each ask for the
     * same statement's keywords in turn; the last few are kept per thread (they are immutable), so a statement is
     * tokenized once per pass over a script rather than once per rule.
     */
    private static final int RECENT = 128;

    private record Key(SqlLexer lexer, String sql) {}

    private static final ThreadLocal<java.util.Map<Key, Keywords>> RECENTLY = ThreadLocal.withInitial(
            () -> new java.util.LinkedHashMap<>(RECENT * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Key, Keywords> eldest) {
                    return size() > RECENT;
                }
            });

    static Keywords of(String sql, SqlLexer lexer) {
        java.util.Map<Key, Keywords> recent = RECENTLY.get();
        Key key = new Key(lexer, sql);
        Keywords known = recent.get(key);
        if (known != null) return known;
        Keywords k = tokenize(sql, lexer);
        recent.put(key, k);
        return k;
    }

    private static Keywords tokenize(String sql, SqlLexer lexer) {
        List<String> out = new ArrayList<>();
        List<SqlToken> raw = new ArrayList<>();
        for (SqlToken token : lexer.tokenize(sql)) {
            Kind kind = token.kind();
            if (kind == Kind.STRING) {
                out.add(LITERAL);
            } else if (kind == Kind.QUOTED_IDENTIFIER) {
                out.add(QUOTED);
            } else if (!kind.isTrivia()) {
                out.add(token.text(sql).toUpperCase(Locale.ROOT));
            } else {
                continue;
            }
            raw.add(token);
        }
        return new Keywords(out, raw);
    }

    int size() {
        return tokens.size();
    }

    /** The lexer's token at {@code index}; only for indexes below {@link #size()}. */
    SqlToken raw(int index) {
        return raw.get(index);
    }

    String at(int index) {
        return index < tokens.size() ? tokens.get(index) : "";
    }

    /** Whether the tokens from {@code index} on are exactly {@code sequence}. */
    boolean matchesAt(int index, String... sequence) {
        for (int j = 0; j < sequence.length; j++) {
            if (!at(index + j).equals(sequence[j])) {
                return false;
            }
        }
        return true;
    }

    boolean startsWith(String... sequence) {
        return matchesAt(0, sequence);
    }

    /** First index where {@code sequence} starts, at or after {@code from}; -1 when it never does. */
    int indexOf(int from, String... sequence) {
        for (int i = from; i < tokens.size(); i++) {
            if (matchesAt(i, sequence)) {
                return i;
            }
        }
        return -1;
    }

    /** First index of {@code word} outside any parentheses opened from {@code from} on; -1 when there is none. */
    int indexAtDepthZero(int from, String word) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && t.equals(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Index just past a possibly qualified name ({@code a}, {@code "s".t}) starting at {@code index}. */
    int skipName(int index) {
        if (placeholderAt(index)) return index + 2;
        int i = index + 1;
        while (at(i).equals(".") && i + 1 < tokens.size()) {
            i += 2;
        }
        return i;
    }

    /**
     * Whether a {@code :"name"} placeholder starts at {@code index}: the plan puts a quoted identifier there, so the
     * two tokens are one name (a {@code :} apart from its quotes is something else).
     */
    private boolean placeholderAt(int index) {
        return at(index).equals(":") && at(index + 1).equals(QUOTED) && raw.get(index).end() == raw.get(index + 1).start();
    }

    /**
     * The name starting at {@code index} as the server resolves it: unquoted parts folded to lower case; a
     * {@code :"name"} placeholder as written.
     */
    String nameAt(String source, int index) {
        StringBuilder sb = new StringBuilder();
        for (int i = index; i < skipName(index) && i < tokens.size(); i++) {
            String part = raw.get(i).text(source);
            sb.append(raw.get(i).kind() == Kind.QUOTED_IDENTIFIER ? part : part.toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    boolean contains(String... sequence) {
        return indexOf(0, sequence) >= 0;
    }

    /** Index just past a parenthesised group starting at {@code index}, or {@code index} when there is none. */
    int skipParentheses(int index) {
        if (!at(index).equals("(")) {
            return index;
        }
        int depth = 0;
        for (int i = index; i < tokens.size(); i++) {
            if (tokens.get(i).equals("(")) {
                depth++;
            } else if (tokens.get(i).equals(")") && --depth == 0) {
                return i + 1;
            }
        }
        return tokens.size();
    }
}
