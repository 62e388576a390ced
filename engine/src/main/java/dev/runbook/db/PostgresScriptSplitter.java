package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into statements the way psql does: on semicolons at parenthesis depth zero and
 * outside a SQL-standard function body ({@code CREATE FUNCTION ... BEGIN ATOMIC ...; END}, which pg_dump writes).
 */
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
        AtomicBody body = new AtomicBody();
        for (SqlToken token : SqlLexer.POSTGRES.tokenize(text)) {
            if (token.kind() == SqlToken.Kind.WORD) {
                body.word(token.text(text));
            }
            if (token.isSymbol(text, '(')) {
                depth++;
            } else if (token.isSymbol(text, ')')) {
                // Never below zero, so one stray ')' cannot swallow every later semicolon.
                depth = Math.max(0, depth - 1);
            } else if (token.isSymbol(text, ';') && depth == 0 && !body.open()) {
                addIfCode(statements, source, pieceStart, token.start(), hasCode);
                pieceStart = token.end();
                hasCode = false;
                body = new AtomicBody();
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

    /**
     * psql's rule (psqlscan.l): in a statement starting CREATE ... FUNCTION or PROCEDURE, BEGIN opens a body, CASE
     * inside it nests, END closes; semicolons inside do not end the statement. A dollar-quoted body is one token.
     */
    private static final class AtomicBody {
        private int words;
        private boolean create;
        private boolean routine;
        private int depth;

        void word(String w) {
            String u = w.toUpperCase(java.util.Locale.ROOT);
            if (words++ == 0) {
                create = u.equals("CREATE");
            } else if (create && (u.equals("FUNCTION") || u.equals("PROCEDURE"))) {
                routine = true;
            } else if (routine && u.equals("BEGIN")) {
                depth++;
            } else if (depth > 0 && u.equals("CASE")) {
                depth++;
            } else if (depth > 0 && u.equals("END")) {
                depth--;
            }
        }

        boolean open() {
            return depth > 0;
        }
    }
}
