package dev.runbook.db;

import dev.runbook.db.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rewrites {@code :name} and {@code :dotted.name} placeholders to JDBC {@code ?}, reading only code.
 *
 * <p>Not parameters: anything inside strings, quoted identifiers, comments or dollar quotes; the cast
 * {@code ::} (also SQL Server's {@code SCHEMA::name}); the assignment {@code :=}; and an array slice
 * bound such as {@code a[lo:hi]}, where the colon directly follows a word inside square brackets.
 */
final class NamedParameterParser {

    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SqlLexer lexer;
    // pgjdbc reads every '?' in code as a placeholder and wants a literal one (jsonb ?, ?|, ?&) doubled.
    private final boolean doubleLiteralQuestionMarks;

    NamedParameterParser(SqlLexer lexer, boolean doubleLiteralQuestionMarks) {
        this.lexer = lexer;
        this.doubleLiteralQuestionMarks = doubleLiteralQuestionMarks;
    }

    NamedSql parse(String sql) {
        List<SqlToken> tokens = lexer.tokenize(sql);
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int bracketDepth = 0;
        for (int k = 0; k < tokens.size(); k++) {
            SqlToken token = tokens.get(k);
            if (token.isSymbol(sql, '[')) {
                bracketDepth++;
            } else if (token.isSymbol(sql, ']')) {
                bracketDepth = Math.max(0, bracketDepth - 1);
            } else if (token.isSymbol(sql, '?') && doubleLiteralQuestionMarks) {
                out.append("??");
                continue;
            } else if (token.isSymbol(sql, ':')) {
                SqlToken next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
                if (next != null && (next.isSymbol(sql, ':') || next.isSymbol(sql, '='))) {
                    out.append(':').append(next.text(sql));
                    k++;
                    continue;
                }
                boolean sliceBound = bracketDepth > 0 && k > 0 && tokens.get(k - 1).kind() == Kind.WORD;
                int last = sliceBound ? -1 : lastNameToken(sql, tokens, k + 1);
                if (last >= 0) {
                    names.add(sql.substring(next.start(), tokens.get(last).end()));
                    out.append('?');
                    k = last;
                    continue;
                }
            }
            out.append(sql, token.start(), token.end());
        }
        return new NamedSql(out.toString(), names);
    }

    /** Index of the last token of a name starting at {@code first}, or -1 when no name starts there. */
    private static int lastNameToken(String sql, List<SqlToken> tokens, int first) {
        if (!isNamePart(sql, tokens, first)) {
            return -1;
        }
        int last = first;
        while (last + 2 < tokens.size() && tokens.get(last + 1).isSymbol(sql, '.')
                && isNamePart(sql, tokens, last + 2)) {
            last += 2;
        }
        return last;
    }

    private static boolean isNamePart(String sql, List<SqlToken> tokens, int index) {
        if (index >= tokens.size()) {
            return false;
        }
        SqlToken token = tokens.get(index);
        return token.kind() == Kind.WORD && NAME_PART.matcher(sql).region(token.start(), token.end()).matches();
    }
}
