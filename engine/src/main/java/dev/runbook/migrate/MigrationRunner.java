package dev.runbook.migrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * Applies and inspects versioned migrations on one database through Flyway's Java API, returning
 * failures as data. Flyway keeps its own history table and its own lock; this class adds file-level
 * failure reports and never lets Flyway report anywhere (see {@link FlywaySettings}). Thread-safe.
 */
public final class MigrationRunner {
    private final DataSource dataSource;

    /** @param dataSource the target; Flyway opens and closes its own connections from it */
    public MigrationRunner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Validates (unless the request says not to) and applies pending migrations up to the request's target,
     * each in its own transaction where the database allows; stops at the first failure.
     */
    public MigrationResult migrate(MigrationRequest request) {
        Flyway flyway;
        MigrationInfoService before;
        try {
            flyway = FlywaySettings.load(dataSource, request);
            before = flyway.info();
        } catch (FlywayException e) {
            return failed(FlywayFailures.of(e, () -> null), List.of(), null, List.of());
        }
        List<String> pendingBefore = versions(before.pending());
        String versionBefore = version(before.current());
        try {
            MigrateResult r = flyway.migrate();
            List<AppliedMigration> applied = applied(r.migrations);
            // Flyway applies a prefix of the pending list, so what is left needs no second scan of the files.
            Set<String> done = new LinkedHashSet<>(applied.stream().map(AppliedMigration::version).toList());
            List<String> pendingAfter = pendingBefore.stream().filter(v -> !done.contains(v)).toList();
            String versionAfter = r.targetSchemaVersion != null ? r.targetSchemaVersion : versionBefore;
            return new MigrationResult(applied, pendingBefore, pendingAfter, versionBefore, versionAfter, null);
        } catch (FlywayException e) {
            MigrationFailure failure = FlywayFailures.of(e,
                    () -> FlywaySettings.load(dataSource, request, true).validateWithResult());
            List<AppliedMigration> applied = e instanceof FlywayMigrateException m && m.getErrorResult() != null
                    ? applied(m.getErrorResult().getSuccessfulMigrations()) : List.of();
            return afterFailure(request, failure, applied, pendingBefore, versionBefore);
        }
    }

    /** Read-only: the state of every migration, for {@code plan --connect} and the {@code migrations} precondition. */
    public MigrationStatus info(MigrationRequest request) {
        try {
            MigrationInfoService info = FlywaySettings.load(dataSource, request).info();
            List<MigrationStatus.Entry> entries = new ArrayList<>();
            for (MigrationInfo m : info.all()) {
                MigrationState state = m.getState();
                entries.add(new MigrationStatus.Entry(m.getVersion() == null ? null : m.getVersion().getVersion(),
                        m.getDescription(), m.getScript(), state.getDisplayName(), state == MigrationState.PENDING,
                        state.isFailed(), m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant()));
            }
            return new MigrationStatus(version(info.current()), entries, null);
        } catch (FlywayException e) {
            return new MigrationStatus(null, List.of(), FlywayFailures.of(e, () -> null));
        }
    }

    /** After a failure the database is the only truth about what is left, so ask it again. */
    private MigrationResult afterFailure(MigrationRequest request, MigrationFailure failure,
                                         List<AppliedMigration> applied, List<String> pendingBefore,
                                         String versionBefore) {
        MigrationStatus now = info(request);
        if (now.failure() != null) return failed(failure, applied, versionBefore, pendingBefore);
        return new MigrationResult(applied, pendingBefore, now.pendingVersions(), versionBefore, now.schemaVersion(),
                failure);
    }

    private static MigrationResult failed(MigrationFailure failure, List<AppliedMigration> applied, String version,
                                          List<String> pending) {
        return new MigrationResult(applied, pending, pending, version, version, failure);
    }

    private static List<AppliedMigration> applied(List<MigrateOutput> outputs) {
        if (outputs == null) return List.of();
        List<AppliedMigration> out = new ArrayList<>();
        for (MigrateOutput o : outputs) {
            if (Boolean.TRUE.equals(o.rolledBack)) continue;
            out.add(new AppliedMigration(o.version, o.description, fileName(o.filepath),
                    Duration.ofMillis(Math.max(0, o.executionTime))));
        }
        return out;
    }

    private static String fileName(String filepath) {
        if (filepath == null) return null;
        int slash = Math.max(filepath.lastIndexOf('/'), filepath.lastIndexOf('\\'));
        return slash < 0 ? filepath : filepath.substring(slash + 1);
    }

    private static List<String> versions(MigrationInfo[] infos) {
        List<String> out = new ArrayList<>();
        for (MigrationInfo m : infos) out.add(m.getVersion() == null ? m.getDescription() : m.getVersion().getVersion());
        return out;
    }

    private static String version(MigrationInfo current) {
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

}
