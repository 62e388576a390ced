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

    /**
     * @throws SqlScriptException for a psql meta-command other than {@code \\restrict}, {@code \\unrestrict} (ignored,
     *                            pg_dump writes them) and {@code \\;} (a statement separator)
     */
    static List<SqlStatement> split(String script) {
        return split(script, new ArrayList<>());
    }

    /** As {@link #split(String)}, adding to {@code notes} one sentence per meta-command line it skipped. */
    static List<SqlStatement> split(String script, List<String> notes) {
        ScriptText source = new ScriptText(script);
        String text = source.text();
        List<SqlStatement> statements = new ArrayList<>();
        int pieceStart = 0;
        int depth = 0;
        boolean hasCode = false;
        AtomicBody body = new AtomicBody();
        // Lexed one token at a time: COPY rows are not SQL, so lexing must stop at them and resume after.
        int pos = 0;
        while (pos < text.length()) {
            SqlToken token = SqlLexer.POSTGRES.next(text, pos);
            pos = token.end();
            if (token.kind() == SqlToken.Kind.WORD) {
                body.word(token.text(text));
            }
            if (token.isSymbol(text, '\\')) {
                int resume = metaCommand(source, token.start(), hasCode);
                if (resume != token.start() + 2) {
                    notes.add("line " + (source.lineIndexOf(token.start()) + 1) + ": psql "
                            + text.substring(token.start(), resume).strip().split("\\s+")[0]
                            + " skipped (it only guards a psql session)");
                }
                if (resume == token.start() + 2) { // \; ends the statement like ;
                    addIfCode(statements, source, pieceStart, token.start(), hasCode);
                    hasCode = false;
                    body = new AtomicBody();
                }
                pieceStart = resume;
                pos = resume;
                continue;
            }
            if (token.isSymbol(text, '(')) {
                depth++;
            } else if (token.isSymbol(text, ')')) {
                // Never below zero, so one stray ')' cannot swallow every later semicolon.
                depth = Math.max(0, depth - 1);
            } else if (token.isSymbol(text, ';') && depth == 0 && !body.open()) {
                SqlStatement added = addIfCode(statements, source, pieceStart, token.start(), hasCode);
                pieceStart = token.end();
                hasCode = false;
                body = new AtomicBody();
                if (added != null && CopyData.fromStdin(added.text())) {
                    CopyData data = CopyData.after(text, token.end());
                    statements.set(statements.size() - 1, added.withCopyData(data.rows()));
                    pieceStart = data.resume();
                    pos = data.resume();
                }
                continue;
            }
            hasCode |= !token.kind().isTrivia();
        }
        addIfCode(statements, source, pieceStart, text.length(), hasCode);
        return List.copyOf(statements);
    }

    /**
     * Handles the psql meta-command whose backslash is at {@code at}; returns where SQL resumes. pg_dump 15.14+ writes
     * {@code \\restrict key} and {@code \\unrestrict key}, which only guard psql's own session: skipped.
     */
    private static int metaCommand(ScriptText source, int at, boolean inStatement) {
        String text = source.text();
        if (at + 1 < text.length() && text.charAt(at + 1) == ';') {
            return at + 2;
        }
        int nameEnd = at + 1;
        while (nameEnd < text.length() && Character.isLetterOrDigit(text.charAt(nameEnd))) nameEnd++;
        String name = text.substring(at, nameEnd);
        int lineEnd = nameEnd;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') lineEnd++;
        boolean ignorable = name.equals("\\restrict") || name.equals("\\unrestrict");
        if (!ignorable || inStatement) {
            int line = source.lineIndexOf(at) + 1;
            int column = PostgresAnalyser.positionAt(text, at, 1, 1)[1];
            throw new SqlScriptException(line, column, "psql meta-command " + (name.length() > 1 ? name : "\\")
                    + (inStatement ? " inside a statement" : "") + " is not SQL and is not run by Runbook",
                    "remove it (Runbook skips only \\restrict and \\unrestrict between statements and reads \\; as ;),"
                            + " or run the file with psql in a shell: step");
        }
        return lineEnd;
    }

    /** Pieces of only comments are dropped: sent alone they make PostgreSQL return an empty query. */
    private static SqlStatement addIfCode(List<SqlStatement> out, ScriptText source, int from, int to, boolean hasCode) {
        if (hasCode) {
            SqlStatement s = source.statement(from, to, 1);
            out.add(s);
            return s;
        }
        return null;
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
