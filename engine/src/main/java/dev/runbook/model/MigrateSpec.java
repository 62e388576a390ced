package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/**
 * Versioned migrations applied through Flyway.
 *
 * @param oneTransaction all pending migrations in one transaction (Flyway's {@code group}), not one each
 * @param mixed a file mixing statements that cannot run in a transaction with others runs outside any (Flyway's
 *              {@code mixed}); without it Flyway refuses such a file, and validate says so first
 */
public record MigrateSpec(Position pos, List<String> locations, String target, boolean validate,
                          String baselineVersion, String baselineDescription, boolean baselineOnMigrate,
                          boolean outOfOrder, String table, List<String> schemas, Naming naming, boolean oneTransaction,
                          boolean mixed) {
    public enum Naming { FLYWAY, NUMBERED }
}
