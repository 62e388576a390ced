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

    private FlywaySettings() {}

    static Flyway load(DataSource dataSource, MigrationRequest request) {
        return load(dataSource, request, false, null);
    }

    /**
     * For looking only (info, an explicit validate): pending migrations do not count as invalid, and the folders'
     * SQL callbacks do not run (a beforeInfo.sql must not write during plan --connect or a precondition).
     */
    static Flyway inspect(DataSource dataSource, MigrationRequest request) {
        return load(dataSource, request, true, null);
    }

    /**
     * @param inspect true to look only (see {@link #inspect})
     * @param events  told of every event Flyway fires (null: none); SQL callbacks in the folders still run
     */
    static Flyway load(DataSource dataSource, MigrationRequest request, boolean inspect, FiredEvents events) {
        FluentConfiguration cfg = Flyway.configure(FlywaySettings.class.getClassLoader())
                // Applied first: the fluent calls below must not be overridden by a property map.
                .configuration(Map.of("flyway.reportEnabled", "false"))
                .dataSource(dataSource)
                .locations(locations(request.locations()))
                .failOnMissingLocations(true)
                .validateOnMigrate(request.validate())
                // Flyway's default: a file it cannot read as a migration is ignored; validate and plan list it
                // as ignored with Flyway's reason (RB224), so it is never silently skipped.
                .validateMigrationNaming(false)
                .outOfOrder(request.outOfOrder())
                .group(request.oneTransaction())
                .mixed(request.mixed())
                .baselineOnMigrate(request.baselineOnMigrate())
                .cleanDisabled(true);
        if (inspect) cfg.ignoreMigrationPatterns("*:pending", "*:future").skipDefaultCallbacks(true);
        // What runs is what the plan read and hashed, not what the folder holds by now.
        if (request.scripts() != null) cfg.resourceProvider(new PlannedResources(request.scripts()));
        FlywayNaming.apply(cfg, request.naming());
        if (events != null) cfg.callbacks(events);
        // Flyway's default on PostgreSQL holds its advisory lock in a transaction that stays open while a
        // non-transactional migration runs, and CREATE INDEX CONCURRENTLY waits for every open transaction: the run
        // froze (flyway/flyway#3508, #3682). A session-level lock guards the history just as well, but under it
        // Flyway re-reads the history and checks that its table and schema exist before every migration (four
        // catalog queries each); so the transactional lock is kept where the caller knows no script needs otherwise.
        org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension pg =
                cfg.getPluginRegister().getPlugin(org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension.class);
        if (pg != null) pg.setTransactionalLock(request.transactionalLock());
        if (request.initSql() != null) cfg.initSql(request.initSql());
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
