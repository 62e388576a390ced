package dev.runbook.migrate;

import dev.runbook.model.MigrateSpec;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The file-naming part of Runbook's Flyway configuration, shared by the runs ({@link FlywaySettings}) and by
 * validate/plan, which read the same folders through Flyway's own scanner and name parser without a database.
 */
public final class FlywayNaming {
    /**
     * {@code numbered} files such as {@code 001_init.sql} become versioned migrations with an empty version
     * prefix and {@code _} as the separator: version {@code 001} (equal to 1 for ordering and {@code target}),
     * description {@code init}; the user's files are never renamed. {@code R__x.sql} stays repeatable.
     */
    static final String NUMBERED_PREFIX = "";
    static final String NUMBERED_SEPARATOR = "_";

    private FlywayNaming() {}

    /** Applies the naming to a configuration being built. */
    static FluentConfiguration apply(FluentConfiguration cfg, MigrateSpec.Naming naming) {
        if (naming == MigrateSpec.Naming.NUMBERED) cfg.sqlMigrationPrefix(NUMBERED_PREFIX).sqlMigrationSeparator(NUMBERED_SEPARATOR);
        return cfg;
    }

    /** A configuration with only the naming set, for scanning and parsing file names (no data source). */
    public static FluentConfiguration configuration(MigrateSpec.Naming naming) {
        return apply(Flyway.configure(FlywayNaming.class.getClassLoader()), naming);
    }
}
