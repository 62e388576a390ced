package dev.runbook.db;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One statement as the dialect's analysis sees it: its kinds, why, and where its first token is (not its leading
 * comment). Statements a {@code DO} block runs are {@code nested}; their kinds are also the block's.
 *
 * @param statement          the statement as split (its own line and column are where its text starts)
 * @param line               1-based line of the statement's first token in the script
 * @param column             1-based column (code points) of that token
 * @param kinds              never empty; READ_ONLY comes alone
 * @param destructive        what it destroys ("DROP TABLE"), or null
 * @param nonTransactional   why it cannot run in a transaction block, or null
 * @param outside            what it does outside the transaction, or null
 * @param transactionControl the transaction verb ("COMMIT"), or null
 */
public record StatementAnalysis(SqlStatement statement, int line, int column, Set<StatementKind> kinds,
                                String destructive, String nonTransactional, String outside, String transactionControl,
                                List<StatementAnalysis> nested) {

    public StatementAnalysis {
        Objects.requireNonNull(statement, "statement");
        kinds = Set.copyOf(kinds);
        nested = List.copyOf(nested);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one kind");
        }
    }

    public boolean is(StatementKind kind) {
        return kinds.contains(kind);
    }

    /**
     * Why a rehearsal (one transaction, rolled back) cannot run this statement, or empty: it controls the
     * transaction, acts outside it, or refuses to run in one.
     */
    public Optional<String> notRehearsable() {
        if (transactionControl != null) {
            return Optional.of(transactionControl + " controls the transaction: it would commit or end the rehearsal's");
        }
        if (outside != null) {
            return Optional.of(outside);
        }
        return Optional.ofNullable(nonTransactional);
    }

    /** Where the statement's first token is, as "line:column". */
    public String where() {
        return line + ":" + column;
    }
}
