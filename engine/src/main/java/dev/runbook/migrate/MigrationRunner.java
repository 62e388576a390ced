package dev.runbook.migrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
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
        FiredEvents events = new FiredEvents();
        try {
            flyway = FlywaySettings.load(dataSource, request, false, events);
        } catch (FlywayException e) {
            return afterFailure(request, FlywayFailures.of(e, () -> null), List.of(), null, -1, events);
        }
        // The history table's last row before this call: what a failure leaves committed is every row after it,
        // read back from the target rather than taken from Flyway's in-memory account of a call that broke off.
        // Read with one query (HistoryMark); only when that cannot, with Flyway's info, without the folders' SQL
        // callbacks, so no beforeInfo.sql runs that Flyway's migrate would not run.
        int lastRank;
        java.util.OptionalInt mark;
        try {
            mark = HistoryMark.lastRank(dataSource, request);
        } catch (java.sql.SQLException unreachable) {
            return afterFailure(request, FlywayFailures.of(new FlywayException(unreachable.getMessage(), unreachable),
                    () -> null), List.of(), null, -1, events);
        }
        if (mark.isPresent()) {
            lastRank = mark.getAsInt();
        } else {
            try {
                lastRank = lastRank(FlywaySettings.inspect(dataSource, request).info());
            } catch (FlywayException e) {
                return afterFailure(request, FlywayFailures.of(e, () -> null), List.of(), null, -1, events);
            }
        }
        try {
            MigrateResult r = flyway.migrate();
            List<AppliedMigration> applied = applied(r.migrations);
            // Flyway applies everything pending up to the target or fails, so on success what was pending is
            // exactly what it applied and nothing is left: no second scan of the files is needed.
            List<String> versions = applied.stream().map(AppliedMigration::version).toList();
            String before = schemaVersion(r.initialSchemaVersion);
            String after = r.targetSchemaVersion != null ? schemaVersion(r.targetSchemaVersion) : before;
            return new MigrationResult(applied, versions, List.of(), before, after, null, true, events.ids());
        } catch (FlywayException e) {
            MigrationFailure failure = FlywayFailures.of(e,
                    () -> FlywaySettings.inspect(dataSource, request).validateWithResult());
            MigrateResult partial = e instanceof FlywayMigrateException m ? m.getErrorResult() : null;
            List<AppliedMigration> applied = partial == null ? List.of() : applied(partial.getSuccessfulMigrations());
            return afterFailure(request, failure, applied, partial == null ? null : schemaVersion(partial.initialSchemaVersion),
                    lastRank, events);
        }
    }

    /**
     * Read-only: the state of every migration, for {@code plan --connect} and the {@code migrations} precondition,
     * and (when the request validates) what Flyway's validate finds wrong with the applied ones, e.g. a file
     * changed since it was applied, which makes the run fail before applying anything.
     */
    public MigrationStatus info(MigrationRequest request) {
        try {
            Flyway flyway = FlywaySettings.inspect(dataSource, request);
            MigrationInfoService info = flyway.info();
            List<MigrationStatus.Entry> entries = new ArrayList<>();
            for (MigrationInfo m : info.all()) {
                MigrationState state = m.getState();
                entries.add(new MigrationStatus.Entry(m.getVersion() == null ? null : m.getVersion().getVersion(),
                        m.getDescription(), m.getScript(), state.getDisplayName(), state == MigrationState.PENDING,
                        state.isFailed(), m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant(),
                        m.getInstalledRank(), m.getExecutionTime()));
            }
            List<String> invalid = new ArrayList<>();
            if (request.validate()) {
                ValidateResult v = flyway.validateWithResult();
                if (!v.validationSuccessful && v.invalidMigrations != null) {
                    for (ValidateOutput o : v.invalidMigrations) {
                        invalid.add(FlywayFailures.problem(o));
                    }
                }
            }
            return new MigrationStatus(version(info.current()), entries, invalid, null);
        } catch (FlywayException e) {
            return new MigrationStatus(null, List.of(), List.of(), FlywayFailures.of(e, () -> null));
        }
    }

    /**
     * After a failure the database is the only truth about what is left: what this call committed is every
     * history row after {@code lastRank} (read on a new connection, since the failed one may be dead), and what
     * was pending before is that plus what is still pending now. When the history cannot be read, what this
     * call committed is unknown and the result says so.
     *
     * @param lastRank the history's last installed rank before the call, 0 for none, -1 when migrate never ran
     */
    private MigrationResult afterFailure(MigrationRequest request, MigrationFailure failure,
                                         List<AppliedMigration> reported, String versionBefore, int lastRank,
                                         FiredEvents events) {
        List<String> fired = events.ids();
        MigrationStatus now = info(request);
        boolean verified = lastRank < 0 || now.failure() == null;
        List<AppliedMigration> applied = lastRank < 0 ? List.of()
                : now.failure() != null ? reported : committedSince(now, lastRank, reported);
        List<String> appliedVersions = applied.stream().map(AppliedMigration::version).toList();
        List<String> pendingBefore = new ArrayList<>(appliedVersions);
        pendingBefore.addAll(now.pendingVersions());
        String after = now.failure() == null ? now.schemaVersion() : null;
        String before = versionBefore != null ? versionBefore : appliedVersions.isEmpty() ? after : null;
        return new MigrationResult(applied, pendingBefore, now.pendingVersions(), before, after, failure, verified, fired);
    }

    private static int lastRank(MigrationInfoService info) {
        int last = 0;
        for (MigrationInfo m : info.applied()) {
            if (m.getInstalledRank() != null) last = Math.max(last, m.getInstalledRank());
        }
        return last;
    }

    private static List<AppliedMigration> committedSince(MigrationStatus now, int lastRank,
                                                         List<AppliedMigration> reported) {
        List<AppliedMigration> out = new ArrayList<>();
        for (MigrationStatus.Entry e : now.migrations()) {
            if (!e.committed() || e.installedRank() <= lastRank) continue;
            Duration took = reported.stream().filter(a -> java.util.Objects.equals(a.version(), e.version()))
                    .map(AppliedMigration::duration).findFirst()
                    .orElse(Duration.ofMillis(e.executionMs() == null ? 0 : Math.max(0, e.executionMs())));
            out.add(new AppliedMigration(e.version(), e.description(), e.script(), took));
        }
        return out;
    }

    /** Flyway reports an empty schema as a version-like text; Runbook says null. */
    private static String schemaVersion(String flywayVersion) {
        if (flywayVersion == null || flywayVersion.isBlank() || flywayVersion.startsWith("<<")) return null;
        return flywayVersion;
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

    private static String version(MigrationInfo current) {
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

}
