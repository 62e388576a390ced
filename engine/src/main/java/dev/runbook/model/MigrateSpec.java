package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/** Versioned migrations applied through Flyway. */
public record MigrateSpec(Position pos, List<String> locations, String target, boolean validate,
                          String baselineVersion, String baselineDescription, boolean baselineOnMigrate,
                          boolean outOfOrder, String table, List<String> schemas, Naming naming) {
    public enum Naming { FLYWAY, NUMBERED }
}
