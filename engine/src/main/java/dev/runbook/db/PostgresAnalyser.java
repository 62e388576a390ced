package dev.runbook.db;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Analyses PostgreSQL statements from their significant tokens (comments and literals never read as keywords):
 * the kinds of {@link StatementKind}, what is destroyed, and what acts outside the transaction. Statements a
 * {@code DO} block runs are analysed too, at their own positions.
 */
final class PostgresAnalyser {

    /** Functions whose effect a rollback does not take back, with what they do. */
    private static final java.util.Map<String, String> OUTSIDE_FUNCTIONS = java.util.Map.ofEntries(
            java.util.Map.entry("PG_TERMINATE_BACKEND", "pg_terminate_backend ends another session"),
            java.util.Map.entry("PG_CANCEL_BACKEND", "pg_cancel_backend cancels another session's query"),
            java.util.Map.entry("PG_ADVISORY_LOCK", "pg_advisory_lock takes a session lock that outlives the transaction"),
            java.util.Map.entry("PG_ADVISORY_LOCK_SHARED", "pg_advisory_lock_shared takes a session lock that outlives the transaction"),
            java.util.Map.entry("PG_TRY_ADVISORY_LOCK", "pg_try_advisory_lock takes a session lock that outlives the transaction"),
            java.util.Map.entry("PG_TRY_ADVISORY_LOCK_SHARED", "pg_try_advisory_lock_shared takes a session lock that outlives the transaction"),
            java.util.Map.entry("PG_ADVISORY_UNLOCK", "pg_advisory_unlock releases a session lock"),
            java.util.Map.entry("PG_ADVISORY_UNLOCK_SHARED", "pg_advisory_unlock_shared releases a session lock"),
            java.util.Map.entry("PG_ADVISORY_UNLOCK_ALL", "pg_advisory_unlock_all releases every session lock"),
            java.util.Map.entry("DBLINK", "dblink runs SQL on another connection, outside this transaction"),
            java.util.Map.entry("DBLINK_EXEC", "dblink_exec runs SQL on another connection, outside this transaction"),
            java.util.Map.entry("DBLINK_CONNECT", "dblink_connect opens another connection"),
            java.util.Map.entry("DBLINK_SEND_QUERY", "dblink_send_query runs SQL on another connection, outside this transaction"),
            java.util.Map.entry("PG_NOTIFY", "pg_notify sends a notification to listeners (delivered on commit, so a rehearsal cannot show it)"),
            java.util.Map.entry("SETVAL", "setval sets a sequence, which a rollback does not undo"),
            java.util.Map.entry("PG_RELOAD_CONF", "pg_reload_conf reloads the server's configuration"),
            java.util.Map.entry("PG_ROTATE_LOGFILE", "pg_rotate_logfile rotates the server's log"),
            java.util.Map.entry("PG_SWITCH_WAL", "pg_switch_wal switches the write-ahead log file"),
            java.util.Map.entry("PG_CREATE_RESTORE_POINT", "pg_create_restore_point writes a restore point to the WAL"),
            java.util.Map.entry("LO_EXPORT", "lo_export writes a file on the database server"),
            java.util.Map.entry("LO_IMPORT", "lo_import reads a file on the database server"),
            java.util.Map.entry("PG_FILE_WRITE", "pg_file_write writes a file on the database server"),
            java.util.Map.entry("PG_LOGICAL_EMIT_MESSAGE", "pg_logical_emit_message may write to the WAL outside the transaction"));

    private static final Set<String> READ_ONLY_VERBS = Set.of("SHOW", "SET", "RESET", "DECLARE", "FETCH", "MOVE", "CLOSE",
            "LISTEN", "UNLISTEN", "DEALLOCATE", "PREPARE", "DISCARD");
    private static final Set<String> TRANSACTION_VERBS = Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT",
            "SAVEPOINT", "RELEASE");

    private PostgresAnalyser() {
    }

    static SqlAnalysis analyse(String script) {
        List<StatementAnalysis> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (SqlStatement statement : PostgresScriptSplitter.split(script, notes)) {
            out.add(analyse(statement, statement.line(), statement.column(), false));
        }
        return new SqlAnalysis(IndexRecreation.exempt(out), notes);
    }

    /**
     * One statement whose text starts at {@code line:column} of the script. {@code inBlock}: it is a PL/pgSQL
     * statement of a DO body, so BEGIN, END, IF ... THEN and the like are block structure, not SQL.
     */
    private static StatementAnalysis analyse(SqlStatement statement, int line, int column, boolean inBlock) {
        String text = statement.text();
        Keywords k = Keywords.of(text, SqlLexer.POSTGRES);
        int from = inBlock ? skipBlockStructure(k) : 0;
        Facts f = new Facts();
        if (from < k.size()) {
            classify(k, from, text, f);
            outsideFunctions(k, from, f);
            if (from == 0) {
                PostgresTransactionRules.reasonForOne(k).ifPresent(r -> f.nonTransactional = r);
            }
        } else {
            f.kinds.add(StatementKind.READ_ONLY);
        }
        int[] at = from < k.size() ? positionAt(text, k.raw(from).start(), line, column) : new int[] {line, column};
        List<StatementAnalysis> nested = new ArrayList<>();
        if (f.body >= 0) {
            nested = body(k.raw(f.body), text, line, column);
            for (StatementAnalysis n : nested) {
                f.kinds.addAll(n.kinds());
                if (f.destructive == null) f.destructive = n.destructive();
                if (f.outside == null) f.outside = n.outside() == null ? null : n.outside() + " (in the DO block at " + n.where() + ")";
                if (f.transactionControl == null && n.transactionControl() != null) {
                    f.outside = f.outside != null ? f.outside : n.transactionControl() + " in the DO block at " + n.where()
                            + " ends the transaction";
                    f.kinds.add(StatementKind.OUTSIDE_TRANSACTION);
                }
            }
            f.kinds.remove(StatementKind.READ_ONLY);
            f.kinds.remove(StatementKind.TRANSACTION_CONTROL);
            f.kinds.add(StatementKind.MUTATING);
        }
        return f.build(statement, at[0], at[1], nested);
    }

    private static void classify(Keywords k, int i, String text, Facts f) {
        String verb = k.at(i);
        switch (verb) {
            case "WITH" -> withQuery(k, i, text, f);
            case "SELECT", "VALUES", "TABLE" -> query(k, i, f);
            case "EXPLAIN" -> explain(k, i, text, f);
            case "DO" -> {
                f.kinds.add(StatementKind.MUTATING);
                f.body = firstLiteral(k, i + 1);
            }
            case "CALL" -> f.outside("CALL runs a procedure, which may commit or act outside the transaction");
            case "NOTIFY" -> f.outside("NOTIFY sends a notification to listeners (delivered on commit, so a rehearsal cannot show it)");
            case "LOAD" -> f.outside("LOAD loads a shared library into the server session");
            case "COPY" -> copy(k, i, f);
            case "DELETE", "UPDATE" -> {
                f.kinds.add(StatementKind.MUTATING);
                if (k.indexAtDepthZero(i, "WHERE") < 0) f.destroys(verb + " without WHERE");
            }
            case "TRUNCATE" -> f.destroys("TRUNCATE");
            case "DROP" -> f.destroys("DROP " + dropped(k, i + 1));
            case "ALTER" -> alter(k, i, f);
            case "GRANT", "REVOKE" -> {
                f.kinds.add(StatementKind.MUTATING);
                int to = k.indexAtDepthZero(i, verb.equals("GRANT") ? "TO" : "FROM");
                if (to >= 0 && k.indexOf(to, "PUBLIC") >= 0) f.destroys(verb + " to PUBLIC");
            }
            default -> {
                if (TRANSACTION_VERBS.contains(verb) || k.matchesAt(i, "PREPARE", "TRANSACTION")) {
                    f.kinds.add(StatementKind.TRANSACTION_CONTROL);
                    f.transactionControl = k.matchesAt(i, "ROLLBACK", "TO") ? "ROLLBACK TO SAVEPOINT"
                            : k.matchesAt(i, "PREPARE", "TRANSACTION") ? "PREPARE TRANSACTION"
                            : k.matchesAt(i, "START", "TRANSACTION") ? "START TRANSACTION" : verb;
                } else if (READ_ONLY_VERBS.contains(verb)) {
                    f.kinds.add(StatementKind.READ_ONLY);
                } else {
                    // INSERT, CREATE, MERGE, COMMENT, REFRESH, ANALYZE, LOCK, unknown: assume a change.
                    f.kinds.add(StatementKind.MUTATING);
                }
            }
        }
    }

    /** SELECT INTO creates a table; FOR UPDATE/SHARE and nextval are refused in a read-only transaction. */
    private static void query(Keywords k, int i, Facts f) {
        boolean changes = k.at(i).equals("SELECT") && k.indexAtDepthZero(i, "INTO") >= 0;
        for (int j = i; j < k.size() && !changes; j++) {
            changes = k.at(j).equals("FOR") && (k.at(j + 1).equals("UPDATE") || k.at(j + 1).equals("SHARE")
                    || k.matchesAt(j + 1, "NO", "KEY") || k.matchesAt(j + 1, "KEY", "SHARE"))
                    || isCall(k, j, "NEXTVAL");
        }
        f.kinds.add(changes ? StatementKind.MUTATING : StatementKind.READ_ONLY);
    }

    /** WITH name [(cols)] AS [NOT] [MATERIALIZED] (query) [, ...] main: every CTE and the main statement count. */
    private static void withQuery(Keywords k, int i, String text, Facts f) {
        int j = i + 1;
        if (k.at(j).equals("RECURSIVE")) j++;
        while (j < k.size()) {
            j = k.skipParentheses(j + 1); // the name, then its column list
            if (!k.at(j).equals("AS")) break;
            j++;
            if (k.at(j).equals("NOT")) j++;
            if (k.at(j).equals("MATERIALIZED")) j++;
            int end = k.skipParentheses(j);
            if (end == j) break;
            Facts inner = new Facts();
            classify(k, j + 1, text, inner);
            f.merge(inner);
            j = end;
            if (!k.at(j).equals(",")) break;
            j++;
        }
        Facts main = new Facts();
        classify(k, j, text, main);
        f.merge(main);
    }

    /** EXPLAIN ANALYZE runs the statement; plain EXPLAIN only plans it. */
    private static void explain(Keywords k, int i, String text, Facts f) {
        int j = i + 1;
        boolean analyze = false;
        if (k.at(j).equals("(")) {
            int end = k.skipParentheses(j);
            for (int x = j; x < end; x++) analyze |= k.at(x).equals("ANALYZE") && !k.at(x + 1).equals("FALSE") && !k.at(x + 1).equals("OFF");
            j = end;
        }
        while (k.at(j).equals("ANALYZE") || k.at(j).equals("ANALYSE") || k.at(j).equals("VERBOSE")) {
            analyze |= !k.at(j).equals("VERBOSE");
            j++;
        }
        if (analyze) {
            classify(k, j, text, f);
        } else {
            f.kinds.add(StatementKind.READ_ONLY);
        }
    }

    /** COPY ... PROGRAM runs a server program and COPY ... TO 'file' writes a server file; FROM loads rows. */
    private static void copy(Keywords k, int i, Facts f) {
        int direction = -1;
        for (int j = k.skipParentheses(i + 2); j < k.size(); j++) {
            if (k.at(j).equals("FROM") || k.at(j).equals("TO")) {
                direction = j;
                break;
            }
        }
        String dir = direction < 0 ? "" : k.at(direction);
        String source = direction < 0 ? "" : k.at(direction + 1);
        if (source.equals("PROGRAM")) {
            f.outside("COPY ... " + dir + " PROGRAM runs a program on the database server");
        } else if (dir.equals("TO") && source.equals(Keywords.LITERAL)) {
            f.outside("COPY ... TO a file writes a file on the database server");
        } else if (dir.equals("TO")) {
            f.kinds.add(StatementKind.READ_ONLY);
        } else {
            f.kinds.add(StatementKind.MUTATING);
        }
    }

    /** ALTER TABLE actions that lose data; ALTER SYSTEM changes the server's configuration file. */
    private static void alter(Keywords k, int i, Facts f) {
        f.kinds.add(StatementKind.MUTATING);
        if (k.matchesAt(i + 1, "SYSTEM")) {
            f.outside("ALTER SYSTEM writes the server's configuration file");
            return;
        }
        if (!k.matchesAt(i + 1, "TABLE") && !k.matchesAt(i + 1, "FOREIGN", "TABLE")) return;
        for (int action : AlterTableActions.starts(k, i)) {
            String what = AlterTableActions.destructive(k, action);
            if (what != null) {
                f.destroys(what);
                return;
            }
        }
    }

    /** The object kind a DROP names: TABLE, MATERIALIZED VIEW, INDEX, ... */
    private static String dropped(Keywords k, int j) {
        String first = k.at(j);
        if (first.equals("MATERIALIZED") || first.equals("FOREIGN") || first.equals("EVENT") || first.equals("ACCESS")
                || first.equals("TEXT") || first.equals("USER") && k.at(j + 1).equals("MAPPING")) {
            return first + " " + k.at(j + 1);
        }
        return first;
    }

    private static void outsideFunctions(Keywords k, int from, Facts f) {
        for (int j = from; j < k.size(); j++) {
            String name = k.at(j);
            String what = OUTSIDE_FUNCTIONS.get(name);
            if (what != null && isCall(k, j, name)) {
                f.outside(what);
                return;
            }
        }
    }

    /** {@code name(} as a call, also schema-qualified; not a column called the same. */
    private static boolean isCall(Keywords k, int j, String name) {
        return k.at(j).equals(name) && k.at(j + 1).equals("(");
    }

    private static int firstLiteral(Keywords k, int from) {
        for (int j = from; j < k.size(); j++) {
            if (k.at(j).equals(Keywords.LITERAL)) return j;
        }
        return -1;
    }

    /** The statements of a DO body (a dollar-quoted or plain literal), each at its place in the script. */
    private static List<StatementAnalysis> body(SqlToken literal, String text, int line, int column) {
        String quoted = literal.text(text);
        int open;
        int close;
        if (quoted.startsWith("$")) {
            open = quoted.indexOf('$', 1) + 1;
            close = quoted.length() - open;
        } else {
            open = quoted.startsWith("'") ? 1 : 2;
            close = quoted.length() - 1;
        }
        if (close <= open) return List.of();
        String body = quoted.substring(open, close);
        int[] at = positionAt(text, literal.start() + open, line, column);
        List<StatementAnalysis> out = new ArrayList<>();
        for (SqlStatement inner : PostgresScriptSplitter.split(body)) {
            int innerLine = at[0] + inner.line() - 1;
            int innerColumn = inner.line() == 1 ? at[1] + inner.column() - 1 : inner.column();
            StatementAnalysis a = analyse(inner, innerLine, innerColumn, true);
            if (!(a.kinds().size() == 1 && a.is(StatementKind.READ_ONLY) && a.outside() == null)) out.add(a);
        }
        return out;
    }

    /** Index of the first token after PL/pgSQL block structure: labels, BEGIN, ELSE, LOOP, IF ... THEN. */
    private static int skipBlockStructure(Keywords k) {
        int i = 0;
        while (i < k.size()) {
            String t = k.at(i);
            if (t.equals("BEGIN") || t.equals("ELSE") || t.equals("LOOP") || t.equals("DECLARE") || t.equals("EXCEPTION")) {
                i++;
            } else if (t.equals("IF") || t.equals("ELSIF") || t.equals("WHILE") || t.equals("FOR") || t.equals("FOREACH")
                    || t.equals("WHEN")) {
                int then = i + 1;
                while (then < k.size() && !k.at(then).equals("THEN") && !k.at(then).equals("LOOP")) then++;
                i = then + 1;
            } else if (t.equals("<") && k.at(i + 1).equals("<")) {
                int end = k.indexOf(i, ">", ">");
                i = end < 0 ? k.size() : end + 2;
            } else if (t.equals("END") || t.equals("RAISE") || t.equals("RETURN") || t.equals("NULL")
                    || t.equals("GET") || k.at(i + 1).equals(":") || k.at(i + 1).equals(":=") || k.at(i + 1).equals("=")) {
                return k.size(); // block end, messages, assignments: no SQL of their own
            } else if (t.equals("PERFORM")) {
                return i; // analysed as SELECT below
            } else {
                return i;
            }
        }
        return i;
    }

    /** {line, column} of {@code offset} in {@code text}, which starts at {@code line:column}. */
    static int[] positionAt(String text, int offset, int line, int column) {
        int l = line;
        int c = column;
        for (int i = 0; i < offset; i++) {
            char ch = text.charAt(i);
            if (ch == '\n' || (ch == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                l++;
                c = 1;
            } else if (!Character.isLowSurrogate(ch)) {
                c++;
            }
        }
        return new int[] {l, c};
    }

    /** What the rules found about one statement, before it becomes a record. */
    private static final class Facts {
        final EnumSet<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        String destructive;
        String nonTransactional;
        String outside;
        String transactionControl;
        int body = -1;

        void destroys(String what) {
            kinds.add(StatementKind.MUTATING);
            kinds.add(StatementKind.DESTRUCTIVE);
            if (destructive == null) destructive = what;
        }

        void outside(String what) {
            kinds.add(StatementKind.MUTATING);
            kinds.add(StatementKind.OUTSIDE_TRANSACTION);
            if (outside == null) outside = what;
        }

        void merge(Facts other) {
            kinds.addAll(other.kinds);
            if (destructive == null) destructive = other.destructive;
            if (outside == null) outside = other.outside;
            if (other.body >= 0) body = other.body;
        }

        StatementAnalysis build(SqlStatement statement, int line, int column, List<StatementAnalysis> nested) {
            if (nonTransactional != null) kinds.add(StatementKind.NON_TRANSACTIONAL);
            if (kinds.size() > 1) kinds.remove(StatementKind.READ_ONLY);
            if (kinds.isEmpty()) kinds.add(StatementKind.MUTATING);
            return new StatementAnalysis(statement, line, column, kinds, destructive, nonTransactional, outside,
                    transactionControl, nested);
        }
    }
}
