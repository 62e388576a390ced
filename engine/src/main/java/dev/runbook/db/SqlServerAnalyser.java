package dev.runbook.db;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Analyses SQL Server batches. A batch has no reliable statement boundaries (semicolons are optional), so the
 * rules look for reserved-word sequences anywhere in its code, as {@link SqlServerTransactionRules} does.
 */
final class SqlServerAnalyser {

    private static final Set<String> CHANGING = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER", "DROP",
            "TRUNCATE", "EXEC", "EXECUTE", "GRANT", "REVOKE", "DENY", "INTO", "BACKUP", "RESTORE", "DBCC", "BULK",
            "RECONFIGURE", "KILL", "SHUTDOWN", "WRITETEXT", "UPDATETEXT");
    private static final Set<String> DROPPABLE = Set.of("TABLE", "VIEW", "SCHEMA", "DATABASE", "INDEX", "TYPE",
            "FUNCTION", "PROCEDURE", "PROC", "SEQUENCE", "SYNONYM", "TRIGGER", "USER", "LOGIN", "ROLE");

    private SqlServerAnalyser() {
    }

    static SqlAnalysis analyse(List<SqlStatement> batches) {
        List<StatementAnalysis> out = new ArrayList<>();
        for (SqlStatement batch : batches) {
            out.add(analyse(batch));
        }
        return new SqlAnalysis(out);
    }

    private static StatementAnalysis analyse(SqlStatement batch) {
        String text = batch.text();
        Keywords k = Keywords.of(text, SqlLexer.SQL_SERVER);
        EnumSet<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        String destructive = null;
        String outside = null;
        String control = null;
        for (int i = 0; i < k.size(); i++) {
            String w = k.at(i);
            if (CHANGING.contains(w)) kinds.add(StatementKind.MUTATING);
            if (destructive == null) destructive = destructiveAt(k, i);
            if (control == null && (k.matchesAt(i, "BEGIN", "TRAN") || k.matchesAt(i, "BEGIN", "TRANSACTION")
                    || k.matchesAt(i, "BEGIN", "DISTRIBUTED") || w.equals("COMMIT") || w.equals("ROLLBACK")
                    || k.matchesAt(i, "SAVE", "TRAN") || k.matchesAt(i, "SAVE", "TRANSACTION"))) {
                control = w.equals("BEGIN") || w.equals("SAVE") ? w + " TRANSACTION" : w;
            }
            if (outside == null && (w.equals("XP_CMDSHELL") || w.equals("KILL") || w.equals("SHUTDOWN")
                    || w.equals("SP_CONFIGURE") || w.equals("RECONFIGURE") || w.equals("SP_START_JOB"))) {
                outside = w.toLowerCase(java.util.Locale.ROOT) + " acts outside the transaction";
            }
        }
        String nonTransactional = SqlServerTransactionRules.reason(text).orElse(null);
        if (destructive != null) kinds.add(StatementKind.DESTRUCTIVE);
        if (control != null) kinds.add(StatementKind.TRANSACTION_CONTROL);
        if (outside != null) kinds.add(StatementKind.OUTSIDE_TRANSACTION);
        if (nonTransactional != null) kinds.add(StatementKind.NON_TRANSACTIONAL);
        boolean query = k.at(0).equals("SELECT") || k.at(0).equals("WITH");
        if (kinds.isEmpty()) kinds.add(query ? StatementKind.READ_ONLY : StatementKind.MUTATING);
        int[] at = k.size() == 0 ? new int[] {batch.line(), batch.column()}
                : PostgresAnalyser.positionAt(text, k.raw(0).start(), batch.line(), batch.column());
        return new StatementAnalysis(batch, at[0], at[1], kinds, destructive, nonTransactional, outside, control, List.of());
    }

    private static String destructiveAt(Keywords k, int i) {
        String w = k.at(i);
        if (w.equals("DROP") && DROPPABLE.contains(k.at(i + 1)) && !k.at(i - 1).equals("ALTER")) {
            return "DROP " + k.at(i + 1);
        }
        if (k.matchesAt(i, "TRUNCATE", "TABLE")) return "TRUNCATE";
        if (k.matchesAt(i, "ALTER", "TABLE")) {
            int drop = k.indexOf(i, "DROP");
            if (drop > 0 && (k.at(drop + 1).equals("COLUMN") || k.at(drop + 1).equals("CONSTRAINT"))) {
                return "ALTER TABLE ... DROP " + k.at(drop + 1);
            }
        }
        if ((w.equals("DELETE") || w.equals("UPDATE")) && k.indexOf(i, "WHERE") < 0 && !k.at(i + 1).equals("(")) {
            return w + " without WHERE";
        }
        return null;
    }
}
