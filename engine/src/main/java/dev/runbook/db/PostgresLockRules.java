package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lock-aware lint for PostgreSQL migrations, in the spirit of Squawk and strong_migrations: statements that take an
 * ACCESS EXCLUSIVE or SHARE lock on a table others use, or rewrite it, each with its safe rewrite. A table created
 * earlier in the same runbook or file has no other users yet, so it is exempt.
 */
final class PostgresLockRules {

    /** Defaults PostgreSQL must compute per row, so ADD COLUMN rewrites the table instead of storing one value. */
    private static final Set<String> VOLATILE = Set.of("RANDOM", "CLOCK_TIMESTAMP", "TIMEOFDAY", "GEN_RANDOM_UUID",
            "UUID_GENERATE_V1", "UUID_GENERATE_V4", "NEXTVAL", "TXID_CURRENT");
    private static final Set<String> SERIAL = Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL4", "SERIAL8", "SERIAL2");

    private final Set<String> created;
    private final boolean inTransaction;
    private final List<SqlFinding> out = new ArrayList<>();
    private final Set<String> validated = new java.util.HashSet<>();
    private boolean lockTimeout;
    private boolean lockTimeoutReported;

    private PostgresLockRules(Set<String> created, boolean inTransaction) {
        this.created = created;
        this.inTransaction = inTransaction;
    }

    /** Findings of {@code analysis}; adds the tables and indexes it creates to {@code created} (lower case, unqualified). */
    static List<SqlFinding> check(SqlAnalysis analysis, boolean inTransaction, Set<String> created) {
        PostgresLockRules rules = new PostgresLockRules(created, inTransaction);
        for (StatementAnalysis s : analysis.statements()) {
            rules.statement(s, false);
            for (StatementAnalysis n : s.nested()) rules.statement(n, true);
        }
        return List.copyOf(rules.out);
    }

    /** {@code inBlock}: a DO body's statement, which may follow block words (BEGIN, THEN) in its text. */
    private void statement(StatementAnalysis s, boolean inBlock) {
        String text = s.statement().text();
        Keywords k = Keywords.of(text, SqlLexer.POSTGRES);
        int i = 0;
        while (inBlock && i < k.size() && !isVerb(k.at(i))) i++;
        if (k.matchesAt(i, "SET") || k.matchesAt(i, "SET", "LOCAL") || k.matchesAt(i, "SET", "SESSION")) {
            lockTimeout |= k.indexOf(i, "LOCK_TIMEOUT") >= 0;
        } else if (k.matchesAt(i, "SELECT") && k.indexOf(i, "SET_CONFIG") >= 0 && text.contains("lock_timeout")) {
            lockTimeout = true;
        } else if (k.matchesAt(i, "CREATE")) {
            create(s, k, text, i);
        } else if (k.matchesAt(i, "DROP", "INDEX")) {
            int j = i + 2;
            boolean concurrently = k.at(j).equals("CONCURRENTLY");
            if (concurrently) j++;
            if (k.matchesAt(j, "IF", "EXISTS")) j += 2;
            String index = unqualified(k.nameAt(text, j));
            if (concurrently && inTransaction) {
                concurrentlyInTransaction(s, "DROP INDEX CONCURRENTLY");
            } else if (!concurrently && !created.contains(index)) {
                ddl(s);
                add(s, "RB321", "DROP INDEX " + index + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table,"
                        + " blocking reads and writes until it is dropped", "DROP INDEX CONCURRENTLY " + index
                        + " in a step of its own with transaction: false");
            }
        } else if (k.matchesAt(i, "ALTER", "TABLE")) {
            alterTable(s, k, text, i);
        }
    }

    private void create(StatementAnalysis s, Keywords k, String text, int i) {
        int j = i + 1;
        if (k.matchesAt(j, "OR", "REPLACE")) j += 2;
        while (k.at(j).equals("UNLOGGED") || k.at(j).equals("TEMP") || k.at(j).equals("TEMPORARY")) j++;
        if (k.at(j).equals("TABLE")) {
            j++;
            if (k.matchesAt(j, "IF", "NOT", "EXISTS")) j += 3;
            created.add(unqualified(k.nameAt(text, j)));
            return;
        }
        if (k.at(j).equals("UNIQUE")) j++;
        if (!k.at(j).equals("INDEX")) return;
        boolean concurrently = k.at(j + 1).equals("CONCURRENTLY");
        int on = k.indexAtDepthZero(j, "ON");
        if (on < 0) return;
        int t = on + 1;
        if (k.at(t).equals("ONLY")) t++;
        String table = unqualified(k.nameAt(text, t));
        String index = IndexRecreation.created(text);
        if (concurrently && inTransaction) {
            concurrentlyInTransaction(s, "CREATE INDEX CONCURRENTLY");
        } else if (!concurrently && !created.contains(table)) {
            ddl(s);
            add(s, "RB320", "CREATE INDEX on existing table " + table + " without CONCURRENTLY takes a SHARE lock, blocking"
                    + " every write to the table while the index builds", "CREATE INDEX CONCURRENTLY ... in a step of its"
                    + " own with transaction: false (if it fails, DROP INDEX CONCURRENTLY the invalid index and retry)");
        }
        if (index != null) created.add(index);
    }

    private void alterTable(StatementAnalysis s, Keywords k, String text, int i) {
        int j = i + 2;
        if (k.matchesAt(j, "IF", "EXISTS")) j += 2;
        if (k.at(j).equals("ONLY")) j++;
        String table = unqualified(k.nameAt(text, j));
        if (created.contains(table)) return;
        List<Integer> actions = AlterTableActions.starts(k, i);
        boolean takesLock = false;
        for (int a : actions) {
            takesLock |= !k.at(a).equals("VALIDATE");
            if (k.matchesAt(a, "VALIDATE", "CONSTRAINT")) {
                validated.add(table);
            } else if (k.matchesAt(a, "RENAME")) {
                add(s, "RB327", "RENAME on " + table + " breaks every running client that still uses the old name",
                        "expand and contract: add the new column (or a view with the new name), move the clients, then"
                                + " drop the old one in a later release");
            } else if (k.matchesAt(a, "ADD")) {
                add(s, k, a, table);
            } else if (AlterTableActions.typeChange(k, a) >= 0) {
                add(s, "RB325", "ALTER COLUMN ... TYPE on " + table + " rewrites the table (and its indexes) under an"
                        + " ACCESS EXCLUSIVE lock, except for a few binary-compatible changes", "add a new column of the new"
                        + " type, backfill it in batches, switch the clients, then drop the old column");
            } else if (k.at(a).equals("ALTER") && k.indexOf(a, "SET", "NOT", "NULL") >= 0
                    && k.indexOf(a, "SET", "NOT", "NULL") < end(actions, a, k) && !validated.contains(table)) {
                add(s, "RB324", "SET NOT NULL on existing table " + table + " scans the whole table under an ACCESS"
                        + " EXCLUSIVE lock", "first ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, then VALIDATE"
                        + " CONSTRAINT c in another transaction; SET NOT NULL then uses the validated check (PostgreSQL 12+)");
            }
        }
        if (takesLock) ddl(s);
    }

    /** ADD COLUMN with a volatile default, and ADD FOREIGN KEY / CHECK without NOT VALID. */
    private void add(StatementAnalysis s, Keywords k, int a, String table) {
        int end = k.size();
        int depth = 0;
        for (int x = a; x < k.size(); x++) {
            if (k.at(x).equals("(")) depth++;
            else if (k.at(x).equals(")")) depth--;
            else if (depth == 0 && k.at(x).equals(",")) {
                end = x;
                break;
            }
        }
        boolean constraint = k.matchesAt(a + 1, "CONSTRAINT") || k.matchesAt(a + 1, "FOREIGN") || k.matchesAt(a + 1, "CHECK");
        if (constraint) {
            boolean checked = false;
            for (int x = a; x < end; x++) checked |= k.matchesAt(x, "FOREIGN", "KEY") || k.at(x).equals("CHECK");
            boolean notValid = false;
            for (int x = a; x < end; x++) notValid |= k.matchesAt(x, "NOT", "VALID");
            if (checked && !notValid) {
                add(s, "RB326", "ADD FOREIGN KEY / CHECK on existing table " + table + " validates every row while holding"
                        + " its lock (and, for a foreign key, a SHARE ROW EXCLUSIVE lock on the referenced table)",
                        "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE " + table + " VALIDATE CONSTRAINT ... in another"
                                + " transaction, which takes only a SHARE UPDATE EXCLUSIVE lock");
            }
            return;
        }
        for (int x = a; x < end; x++) {
            boolean serial = SERIAL.contains(k.at(x));
            boolean volatileDefault = k.at(x).equals("DEFAULT") && volatileCall(k, x + 1, end);
            if (serial || volatileDefault) {
                add(s, "RB323", "ADD COLUMN on existing table " + table + " with a volatile default ("
                        + (serial ? k.at(x).toLowerCase(java.util.Locale.ROOT) : "computed per row")
                        + ") rewrites the whole table under an ACCESS EXCLUSIVE lock", "add the column without a default,"
                        + " set the default with ALTER COLUMN ... SET DEFAULT, and backfill existing rows in batches");
                return;
            }
        }
    }

    private static boolean volatileCall(Keywords k, int from, int end) {
        for (int x = from; x < end; x++) {
            if (VOLATILE.contains(k.at(x)) && k.at(x + 1).equals("(")) return true;
        }
        return false;
    }

    private static int end(List<Integer> actions, int a, Keywords k) {
        int index = actions.indexOf(a);
        return index + 1 < actions.size() ? actions.get(index + 1) : k.size();
    }

    private void concurrentlyInTransaction(StatementAnalysis s, String what) {
        add(s, "RB322", what + " cannot run inside a transaction, and this SQL runs in one", "give it a step of its own"
                + " with sql: { ..., transaction: false } (a Flyway migration: a file of its own)");
    }

    /** The first DDL of a script that sets no lock_timeout: one finding per script. */
    private void ddl(StatementAnalysis s) {
        if (lockTimeout || lockTimeoutReported) return;
        lockTimeoutReported = true;
        add(s, "RB328", "DDL without lock_timeout: waiting for its lock, it queues every later query on the table"
                + " behind it", "start the SQL with SET lock_timeout = '5s' (SET LOCAL inside a transaction) and retry"
                + " the step on failure");
    }

    private void add(StatementAnalysis s, String code, String message, String hint) {
        out.add(new SqlFinding(code, s.line(), s.column(), message, hint));
    }

    private static boolean isVerb(String word) {
        return word.equals("CREATE") || word.equals("ALTER") || word.equals("DROP") || word.equals("SET")
                || word.equals("SELECT") || word.equals("INSERT") || word.equals("UPDATE") || word.equals("DELETE");
    }

    private static String unqualified(String name) {
        if (name.startsWith(":")) return name; // a placeholder: its value is the whole name
        int dot = name.lastIndexOf('.');
        String last = dot < 0 ? name : name.substring(dot + 1);
        return last.startsWith("\"") && last.endsWith("\"") && last.length() > 1 ? last.substring(1, last.length() - 1) : last;
    }
}
