package dev.runbook.db;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code DROP INDEX [IF EXISTS] x} followed at once by {@code CREATE INDEX x} rebuilds the index: no data is lost,
 * so the drop is not destructive (real migration sets do this dozens of times).
 */
final class IndexRecreation {

    private IndexRecreation() {
    }

    static List<StatementAnalysis> exempt(List<StatementAnalysis> statements) {
        List<StatementAnalysis> out = new ArrayList<>(statements);
        for (int i = 0; i + 1 < out.size(); i++) {
            StatementAnalysis drop = out.get(i);
            if (!"DROP INDEX".equals(drop.destructive())) continue;
            String dropped = dropped(drop.statement().text());
            if (dropped != null && dropped.equals(created(out.get(i + 1).statement().text()))) {
                EnumSet<StatementKind> kinds = EnumSet.copyOf(drop.kinds());
                kinds.remove(StatementKind.DESTRUCTIVE);
                out.set(i, new StatementAnalysis(drop.statement(), drop.line(), drop.column(), kinds, null,
                        drop.nonTransactional(), drop.outside(), drop.transactionControl(), drop.nested()));
            }
        }
        return out;
    }

    /** The one index a DROP INDEX names, or null. */
    private static String dropped(String sql) {
        Keywords k = Keywords.of(sql, SqlLexer.POSTGRES);
        int j = 2;
        if (k.at(j).equals("CONCURRENTLY")) j++;
        if (k.matchesAt(j, "IF", "EXISTS")) j += 2;
        if (j >= k.size() || k.skipName(j) != k.size() && !k.at(k.skipName(j)).equals("CASCADE")
                && !k.at(k.skipName(j)).equals("RESTRICT")) {
            return null;
        }
        return unqualified(k.nameAt(sql, j));
    }

    /** The index a CREATE [UNIQUE] INDEX names, or null. */
    static String created(String sql) {
        Keywords k = Keywords.of(sql, SqlLexer.POSTGRES);
        if (!k.at(0).equals("CREATE")) return null;
        int j = 1;
        if (k.at(j).equals("UNIQUE")) j++;
        if (!k.at(j).equals("INDEX")) return null;
        j++;
        if (k.at(j).equals("CONCURRENTLY")) j++;
        if (k.matchesAt(j, "IF", "NOT", "EXISTS")) j += 3;
        if (j >= k.size() || k.at(j).equals("ON")) return null;
        return unqualified(k.nameAt(sql, j));
    }

    /** An index lives in its table's schema, so CREATE INDEX names it unqualified; compare the last part. */
    private static String unqualified(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
