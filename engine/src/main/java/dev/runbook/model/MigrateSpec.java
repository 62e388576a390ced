package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/**
 * Versioned migrations applied through Flyway.
 *
 * @param oneTransaction all pending migrations in one transaction (Flyway's {@code group}), not one each
 */
public record MigrateSpec(Position pos, List<String> locations, String target, boolean validate,
                          String baselineVersion, String baselineDescription, boolean baselineOnMigrate,
                          boolean outOfOrder, String table, List<String> schemas, Naming naming, boolean oneTransaction) {
    public enum Naming { FLYWAY, NUMBERED }
}
