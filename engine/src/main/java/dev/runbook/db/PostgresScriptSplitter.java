package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;

/** Splits a PostgreSQL script into statements the way psql does: on semicolons at parenthesis depth zero. */
final class PostgresScriptSplitter {

    private PostgresScriptSplitter() {
    }

    static List<SqlStatement> split(String script) {
        ScriptText source = new ScriptText(script);
        String text = source.text();
        List<SqlStatement> statements = new ArrayList<>();
        int pieceStart = 0;
        int depth = 0;
        boolean hasCode = false;
        for (SqlToken token : SqlLexer.POSTGRES.tokenize(text)) {
            if (token.isSymbol(text, '(')) {
                depth++;
            } else if (token.isSymbol(text, ')')) {
                // Never below zero, so one stray ')' cannot swallow every later semicolon.
                depth = Math.max(0, depth - 1);
            } else if (token.isSymbol(text, ';') && depth == 0) {
                addIfCode(statements, source, pieceStart, token.start(), hasCode);
                pieceStart = token.end();
                hasCode = false;
                continue;
            }
            hasCode |= !token.kind().isTrivia();
        }
        addIfCode(statements, source, pieceStart, text.length(), hasCode);
        return List.copyOf(statements);
    }

    /** Pieces of only comments are dropped: sent alone they make PostgreSQL return an empty query. */
    private static void addIfCode(List<SqlStatement> out, ScriptText source, int from, int to, boolean hasCode) {
        if (hasCode) {
            out.add(source.statement(from, to, 1));
        }
    }
}
