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

    private Keywords(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    static Keywords of(String sql, SqlLexer lexer) {
        List<String> out = new ArrayList<>();
        for (SqlToken token : lexer.tokenize(sql)) {
            Kind kind = token.kind();
            if (kind == Kind.STRING) {
                out.add(LITERAL);
            } else if (kind == Kind.QUOTED_IDENTIFIER) {
                out.add(QUOTED);
            } else if (!kind.isTrivia()) {
                out.add(token.text(sql).toUpperCase(Locale.ROOT));
            }
        }
        return new Keywords(out);
    }

    int size() {
        return tokens.size();
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
