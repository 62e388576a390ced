package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;

/** The comma-separated actions of an {@code ALTER TABLE}, and which of them lose data. */
final class AlterTableActions {

    private AlterTableActions() {
    }

    /** Token indexes where each action starts; {@code alter} is the index of ALTER. Empty when it names no table. */
    static List<Integer> starts(Keywords k, int alter) {
        int j = alter + (k.at(alter + 1).equals("FOREIGN") ? 3 : 2);
        if (k.matchesAt(j, "IF", "EXISTS")) j += 2;
        if (k.at(j).equals("ONLY")) j++;
        if (j >= k.size()) return List.of();
        j = k.skipName(j);
        if (k.at(j).equals("*")) j++;
        List<Integer> out = new ArrayList<>();
        out.add(j);
        int depth = 0;
        for (int i = j; i < k.size(); i++) {
            String t = k.at(i);
            if (t.equals("(")) depth++;
            else if (t.equals(")")) depth = Math.max(0, depth - 1);
            else if (depth == 0 && t.equals(",")) out.add(i + 1);
        }
        return out;
    }

    /**
     * What an action starting at {@code i} destroys, or null. ALTER COLUMN ... SET/DROP NOT NULL and SET/DROP
     * DEFAULT keep every value; only DROP [COLUMN], DROP CONSTRAINT and a type change can lose data.
     */
    static String destructive(Keywords k, int i) {
        if (k.at(i).equals("DROP")) {
            return k.at(i + 1).equals("CONSTRAINT") ? "ALTER TABLE ... DROP CONSTRAINT" : "ALTER TABLE ... DROP COLUMN";
        }
        return typeChange(k, i) >= 0 ? "ALTER TABLE ... ALTER COLUMN TYPE" : null;
    }

    /** Index of TYPE when the action is ALTER [COLUMN] c [SET DATA] TYPE; -1 otherwise. */
    static int typeChange(Keywords k, int i) {
        if (!k.at(i).equals("ALTER")) return -1;
        int j = i + 1;
        if (k.at(j).equals("COLUMN")) j++;
        j++; // the column
        if (k.matchesAt(j, "SET", "DATA")) j += 2;
        return k.at(j).equals("TYPE") ? j : -1;
    }
}
