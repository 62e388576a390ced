package dev.runbook.db;

import dev.runbook.db.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * psql's quoting placeholders, {@code :"name"} for an identifier and {@code :'name'} for a literal, where a
 * bind parameter is not allowed (DDL names, {@code ALTER ROLE ... PASSWORD}). Values are quoted by the
 * dialect, never spliced raw; comments, strings and dollar quotes are never read.
 */
final class QuotedPlaceholders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** One placeholder: the variable it names, whether it is an identifier, and the slice {@code [start, end)} it covers. */
    record Placeholder(String name, boolean identifier, int start, int end) {}

    /** How one engine quotes a value. */
    interface Quoting {
        String identifier(String value);

        String literal(String value);
    }

    private final SqlLexer lexer;
    private final Quoting quoting;

    QuotedPlaceholders(SqlLexer lexer, Quoting quoting) {
        this.lexer = lexer;
        this.quoting = quoting;
    }

    /** The variables the placeholders name, each once, in order ({@link Dialect#quotedPlaceholderNames}). */
    List<String> names(String sql) {
        return find(sql).stream().map(Placeholder::name).distinct().toList();
    }

    List<Placeholder> find(String sql) {
        List<SqlToken> tokens = lexer.tokenize(sql);
        List<Placeholder> out = new ArrayList<>();
        for (int k = 0; k + 1 < tokens.size(); k++) {
            SqlToken colon = tokens.get(k);
            if (!colon.isSymbol(sql, ':')) continue;
            if (k > 0 && tokens.get(k - 1).isSymbol(sql, ':')) continue; // a cast ::'x' is no placeholder
            SqlToken next = tokens.get(k + 1);
            String text = next.text(sql);
            if (text.length() < 3) continue;
            boolean identifier = next.kind() == Kind.QUOTED_IDENTIFIER && text.charAt(0) == '"' && text.endsWith("\"");
            boolean literal = next.kind() == Kind.STRING && text.charAt(0) == '\'' && text.endsWith("'");
            String name = text.substring(1, text.length() - 1);
            if ((identifier || literal) && NAME.matcher(name).matches()) {
                out.add(new Placeholder(name, identifier, colon.start(), next.end()));
                k++;
            }
        }
        return out;
    }

    /**
     * The SQL with every placeholder replaced by its quoted value.
     *
     * @throws IllegalArgumentException when a value is missing, not a single value, or cannot be quoted
     */
    String inline(String sql, Function<String, Object> values) {
        List<Placeholder> found = find(sql);
        if (found.isEmpty()) return sql;
        StringBuilder out = new StringBuilder(sql.length() + 16 * found.size());
        int at = 0;
        for (Placeholder p : found) {
            Object v = values.apply(p.name());
            String where = (p.identifier() ? ":\"" : ":'") + p.name() + (p.identifier() ? "\"" : "'");
            if (v == null) throw new IllegalArgumentException(where + " has no value");
            if (v instanceof java.util.Map || v instanceof java.util.Collection) {
                throw new IllegalArgumentException(where + " is a list or map; quote a single value such as item.name");
            }
            String s = String.valueOf(v);
            if (s.indexOf('\0') >= 0) throw new IllegalArgumentException(where + " contains a NUL character");
            if (p.identifier() && s.isEmpty()) throw new IllegalArgumentException(where + " is empty: not an identifier");
            out.append(sql, at, p.start()).append(p.identifier() ? quoting.identifier(s) : quoting.literal(s));
            at = p.end();
        }
        return out.append(sql, at, sql.length()).toString();
    }
}
