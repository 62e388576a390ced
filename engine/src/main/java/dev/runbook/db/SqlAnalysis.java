package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A script's statements as its dialect analyses them: the one place that decides what SQL does to a target.
 *
 * @param notes what the split left out and why (psql's {@code \restrict} lines), to be said where the SQL runs
 */
public record SqlAnalysis(List<StatementAnalysis> statements, List<String> notes) {

    public SqlAnalysis {
        statements = List.copyOf(statements);
        notes = List.copyOf(notes);
    }

    public SqlAnalysis(List<StatementAnalysis> statements) {
        this(statements, List.of());
    }

    /** True when no statement can change the target; false for no statement at all (SQL that could not be read). */
    public boolean readOnly() {
        return !statements.isEmpty() && statements.stream().allMatch(s -> s.is(StatementKind.READ_ONLY) || isOnlyTransactionControl(s));
    }

    private static boolean isOnlyTransactionControl(StatementAnalysis s) {
        return s.kinds().size() == 1 && s.is(StatementKind.TRANSACTION_CONTROL);
    }

    /** The first statement the server refuses inside a transaction block. */
    public Optional<StatementAnalysis> firstNonTransactional() {
        return statements.stream().filter(s -> s.nonTransactional() != null).findFirst();
    }

    /** The first statement a rehearsal must not run (see {@link StatementAnalysis#notRehearsable()}). */
    public Optional<StatementAnalysis> firstNotRehearsable() {
        return statements.stream().filter(s -> s.notRehearsable().isPresent()).findFirst();
    }

    /** Every destructive statement, a DO block's inner statements at their own positions. */
    public List<StatementAnalysis> destructive() {
        List<StatementAnalysis> out = new ArrayList<>();
        collect(statements, out);
        return out;
    }

    private static void collect(List<StatementAnalysis> from, List<StatementAnalysis> out) {
        for (StatementAnalysis s : from) {
            if (!s.nested().isEmpty()) {
                collect(s.nested(), out);
            } else if (s.destructive() != null) {
                out.add(s);
            }
        }
    }
}
