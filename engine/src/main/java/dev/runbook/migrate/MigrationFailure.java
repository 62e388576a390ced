package dev.runbook.migrate;

/**
 * Why a migrate or info call failed, as data: the migration file (absolute path when Flyway knows it,
 * else the script name), its version, the 1-based line of the failing statement, and the database's words.
 * Every field but {@code kind} and {@code message} may be null.
 */
public record MigrationFailure(Kind kind, String file, String version, Integer line, String sqlState,
                               String message) {

    /** What went wrong: a migration's SQL, validation of applied ones (checksum drift, missing), or anything else. */
    public enum Kind { MIGRATION_FAILED, VALIDATION_FAILED, CONFIGURATION, CONNECTION, OTHER }

    /** One line for a person: file, line, SQL state and message. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line != null && line > 0) sb.append(':').append(line);
            sb.append(": ");
        }
        sb.append(message);
        if (sqlState != null) sb.append(" [SQL state ").append(sqlState).append(']');
        return sb.toString();
    }
}
