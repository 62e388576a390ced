package dev.runbook.migrate;

import dev.runbook.model.MigrateSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.extensibility.TelemetryPlugin;

/**
 * Builds the one Flyway configuration Runbook uses: the request's options on the target's DataSource,
 * with nothing read from the environment and nothing reported anywhere.
 *
 * <p>Privacy, as read from flyway-core 10.21.0's bytecode: the only network code in flyway-core is JDBC;
 * Redgate telemetry runs through {@code FlywayTelemetryManager}, which only the Flyway command line creates
 * (the Java API leaves it null) and which forwards to {@link TelemetryPlugin}s that ship in the commercial
 * jars, not in flyway-core, -database-postgresql or -sqlserver. {@code flyway.reportEnabled} (the HTML/JSON
 * report file) is switched off, and {@code envVars()} / {@code loadDefaultConfigurationFiles()} are never
 * called, so {@code FLYWAY_*} variables and {@code flyway.conf}/{@code flyway.toml} files cannot re-enable
 * anything or change what runs. Should a telemetry plugin ever reach the classpath, {@link #load} refuses.
 */
final class FlywaySettings {

    /**
     * {@code numbered} files such as {@code 001_init.sql} become versioned migrations with an empty version
     * prefix and {@code _} as the separator: version {@code 001} (equal to 1 for ordering and {@code target}),
     * description {@code init}; the user's files are never renamed. {@code R__x.sql} stays repeatable.
     */
    static final String NUMBERED_PREFIX = "";
    static final String NUMBERED_SEPARATOR = "_";

    private FlywaySettings() {}

    static Flyway load(DataSource dataSource, MigrationRequest request) {
        return load(dataSource, request, false);
    }

    /** @param ignorePending true for an explicit validate that must not count pending migrations as invalid */
    static Flyway load(DataSource dataSource, MigrationRequest request, boolean ignorePending) {
        FluentConfiguration cfg = Flyway.configure(FlywaySettings.class.getClassLoader())
                // Applied first: the fluent calls below must not be overridden by a property map.
                .configuration(Map.of("flyway.reportEnabled", "false"))
                .dataSource(dataSource)
                .locations(locations(request.locations()))
                .failOnMissingLocations(true)
                .validateOnMigrate(request.validate())
                // A misnamed file in a migrations folder is refused instead of silently skipped.
                .validateMigrationNaming(true)
                .outOfOrder(request.outOfOrder())
                .baselineOnMigrate(request.baselineOnMigrate())
                .cleanDisabled(true);
        if (ignorePending) cfg.ignoreMigrationPatterns("*:pending", "*:future");
        // What runs is what the plan read and hashed, not what the folder holds by now.
        if (request.scripts() != null) cfg.resourceProvider(new PlannedResources(request.scripts()));
        if (request.naming() == MigrateSpec.Naming.NUMBERED) {
            cfg.sqlMigrationPrefix(NUMBERED_PREFIX).sqlMigrationSeparator(NUMBERED_SEPARATOR);
        }
        if (request.target() != null && !request.target().isBlank()) cfg.target(request.target().strip());
        if (request.baselineVersion() != null) cfg.baselineVersion(request.baselineVersion());
        if (request.baselineDescription() != null) cfg.baselineDescription(request.baselineDescription());
        if (request.table() != null && !request.table().isBlank()) cfg.table(request.table());
        if (!request.schemas().isEmpty()) cfg.schemas(request.schemas().toArray(String[]::new));
        List<TelemetryPlugin> telemetry = cfg.getPluginRegister().getPlugins(TelemetryPlugin.class);
        if (!telemetry.isEmpty()) {
            throw new IllegalStateException("a Flyway telemetry plugin is on the classpath ("
                    + telemetry.get(0).getClass().getName() + "); Runbook never lets Flyway report anywhere: remove it");
        }
        return cfg.load();
    }

    private static Location[] locations(List<Path> folders) {
        return folders.stream().map(p -> new Location(Location.FILESYSTEM_PREFIX + p.toAbsolutePath().normalize()))
                .toArray(Location[]::new);
    }
}
