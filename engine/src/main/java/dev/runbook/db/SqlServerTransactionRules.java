package dev.runbook.db;

import java.util.Optional;

/**
 * Knows which SQL Server statements are not allowed in an explicit transaction.
 *
 * <p>A batch has no reliable statement boundaries (semicolons are optional), so the rules look for
 * keyword sequences anywhere in the batch's code. That is sound because BACKUP, RESTORE, RECONFIGURE,
 * DATABASE and FULLTEXT are reserved words and cannot be bare identifiers. Dynamic SQL
 * ({@code EXEC('BACKUP ...')}) is not seen; the server then reports the error itself.
 */
final class SqlServerTransactionRules {

    private static final String NOT_ALLOWED = " is not allowed in an explicit transaction on SQL Server";

    private SqlServerTransactionRules() {
    }

    static Optional<String> reason(String batch) {
        Keywords k = Keywords.of(batch, SqlLexer.SQL_SERVER);
        for (int i = 0; i < k.size(); i++) {
            String word = k.at(i);
            if (word.equals("BACKUP") || word.equals("RESTORE") || word.equals("RECONFIGURE")) {
                return Optional.of(word + NOT_ALLOWED);
            }
            boolean ddlVerb = word.equals("CREATE") || word.equals("ALTER") || word.equals("DROP");
            if (ddlVerb && k.at(i + 1).equals("DATABASE") && !isDatabaseScopedObject(k.at(i + 2))) {
                return Optional.of(word + " DATABASE" + NOT_ALLOWED);
            }
            if (ddlVerb && k.at(i + 1).equals("FULLTEXT")
                    && (k.at(i + 2).equals("CATALOG") || k.at(i + 2).equals("INDEX"))) {
                return Optional.of(word + " FULLTEXT " + k.at(i + 2) + NOT_ALLOWED);
            }
        }
        return Optional.empty();
    }

    /** CREATE DATABASE SCOPED CREDENTIAL and CREATE DATABASE AUDIT SPECIFICATION make objects, not databases. */
    private static boolean isDatabaseScopedObject(String next) {
        return next.equals("SCOPED") || next.equals("AUDIT");
    }
}
