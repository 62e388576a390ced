package dev.runbook.migrate;

import dev.runbook.model.MigrateSpec;
import dev.runbook.plan.PlannedCondition;
import dev.runbook.plan.MigrationScript;
import dev.runbook.plan.PlannedAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to migrate and how: absolute migration folders plus the options of a {@code migrate} step.
 * {@code target}, {@code table} and the baseline fields may be null for Flyway's defaults. {@code scripts}, when
 * not null, are the folders' SQL files as the plan read them, and Flyway is given those instead of the disk.
 * {@code initSql} runs on each connection Flyway opens (the step's lock_timeout, in the target dialect's words),
 * or is null. {@code oneTransaction} applies all pending migrations in one transaction (Flyway's {@code group});
 * {@code mixed} lets a file mix transactional and non-transactional statements, run outside a transaction.
 * {@code transactionalLock} lets Flyway hold its PostgreSQL lock in each migration's own transaction (its default)
 * rather than for the session; only for scripts known to hold nothing that runs outside a transaction (see
 * {@link FlywaySettings}).
 */
public record MigrationRequest(List<Path> locations, String target, boolean validate, String baselineVersion,
                               String baselineDescription, boolean baselineOnMigrate, boolean outOfOrder,
                               String table, List<String> schemas, MigrateSpec.Naming naming,
                               List<MigrationScript> scripts, String initSql, boolean oneTransaction,
                               boolean mixed, boolean transactionalLock) {

    /** A request with planned scripts and no init SQL. */
    public MigrationRequest(List<Path> locations, String target, boolean validate, String baselineVersion,
                            String baselineDescription, boolean baselineOnMigrate, boolean outOfOrder, String table,
                            List<String> schemas, MigrateSpec.Naming naming, List<MigrationScript> scripts) {
        this(locations, target, validate, baselineVersion, baselineDescription, baselineOnMigrate, outOfOrder, table,
                schemas, naming, scripts, null, false, false, false);
    }

    public MigrationRequest {
        locations = List.copyOf(Objects.requireNonNull(locations, "locations"));
        if (locations.isEmpty()) throw new IllegalArgumentException("at least one migrations folder is needed");
        for (Path p : locations) {
            if (!p.isAbsolute()) throw new IllegalArgumentException("migrations folder must be absolute: " + p);
        }
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        naming = naming == null ? MigrateSpec.Naming.FLYWAY : naming;
        scripts = scripts == null ? null : List.copyOf(scripts);
    }

    /** A request whose folders Flyway reads itself (no planned {@code scripts}). */
    public MigrationRequest(List<Path> locations, String target, boolean validate, String baselineVersion,
                            String baselineDescription, boolean baselineOnMigrate, boolean outOfOrder, String table,
                            List<String> schemas, MigrateSpec.Naming naming) {
        this(locations, target, validate, baselineVersion, baselineDescription, baselineOnMigrate, outOfOrder, table,
                schemas, naming, null);
    }

    /** The request of a planned {@code migrate} step; its folders were resolved and checked by the planner. */
    public static MigrationRequest of(PlannedAction.Migrate m) {
        MigrateSpec s = m.spec();
        return new MigrationRequest(m.locations(), s.target(), s.validate(), s.baselineVersion(), s.baselineDescription(),
                s.baselineOnMigrate(), s.outOfOrder(), s.table(), s.schemas(), s.naming(), m.scripts(), null,
                s.oneTransaction(), s.mixed(), false);
    }

    /** The request behind a {@code migrations} precondition; its folders were resolved and checked by the planner. */
    public static MigrationRequest forPrecondition(PlannedCondition.Migrations m) {
        return new MigrationRequest(m.locations(), m.version(), true, null, null, false, false, m.table(), List.of(),
                m.naming(), m.scripts());
    }

    /** A plain request: these folders, latest version, validation on, Flyway defaults otherwise. */
    public static MigrationRequest latest(List<Path> locations, MigrateSpec.Naming naming) {
        return new MigrationRequest(locations, null, true, null, null, false, false, null, List.of(), naming);
    }

    /** The same request with SQL run on each new Flyway connection (e.g. SET lock_timeout). */
    public MigrationRequest withInitSql(String sql) {
        return new MigrationRequest(locations, target, validate, baselineVersion, baselineDescription, baselineOnMigrate,
                outOfOrder, table, schemas, naming, scripts, sql, oneTransaction, mixed, transactionalLock);
    }

    /** The same request stopping at {@code version}. */
    public MigrationRequest withTarget(String version) {
        return new MigrationRequest(locations, version, validate, baselineVersion, baselineDescription, baselineOnMigrate,
                outOfOrder, table, schemas, naming, scripts, initSql, oneTransaction, mixed, transactionalLock);
    }

    /** The same request with Flyway's lock held per migration transaction ({@code true}) or for the session. */
    public MigrationRequest withTransactionalLock(boolean transactional) {
        return new MigrationRequest(locations, target, validate, baselineVersion, baselineDescription, baselineOnMigrate,
                outOfOrder, table, schemas, naming, scripts, initSql, oneTransaction, mixed, transactional);
    }
}
