package dev.runbook.exec;

import dev.runbook.migrate.AppliedMigration;
import dev.runbook.migrate.JdbcDataSource;
import dev.runbook.migrate.MigrationFailure;
import dev.runbook.migrate.MigrationRequest;
import dev.runbook.migrate.MigrationResult;
import dev.runbook.migrate.MigrationRunner;
import dev.runbook.migrate.MigrationStatus;
import dev.runbook.model.Precondition;
import dev.runbook.plan.PlannedAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code migrate} steps and {@code migrations} preconditions on a target through Flyway's Java API
 * ({@link MigrationRunner}), on connections of their own, and turns the outcome into step results: the
 * applied migrations as evidence, their log as output, and a failure that names the file and line.
 */
final class MigrateRunner {
    private final TargetConnections connections;
    private final boolean rehearse;

    MigrateRunner(TargetConnections connections, boolean rehearse) {
        this.connections = connections;
        this.rehearse = rehearse;
    }

    /** @param lockTimeout how long each migration statement may wait for a lock (the step's lock_timeout), or null */
    ActionResult migrate(String target, PlannedAction.Migrate step, java.time.Duration lockTimeout) throws StepFailure {
        dev.runbook.db.Dialect dialect = dev.runbook.db.Dialect.forEngine(connections.target(target).engine());
        MigrationRequest request = MigrationRequest.of(step);
        // Session-wide on Flyway's own connections (closed after the step); in a rehearsal the SET rolls back too.
        if (lockTimeout != null) request = request.withInitSql(String.join(";\n", dialect.lockTimeoutSql(lockTimeout, false)));
        MigrationResult r = runner(target).migrate(request);
        ActionResult result = new ActionResult(r.captures(), (long) r.applied().size(), evidence(r.applied()),
                new ActionResult.Output(callbacks(step, r) + r.log(), false));
        if (!r.succeeded()) {
            MigrationFailure f = r.failure();
            FailureKind kind = lockTimeout != null && dialect.isLockTimeout(f.sqlState(), 0) ? FailureKind.LOCK_TIMEOUT
                    : f.kind() == MigrationFailure.Kind.CONNECTION ? FailureKind.CONNECTION
                    : f.kind() == MigrationFailure.Kind.CONFIGURATION ? FailureKind.INVALID : FailureKind.ERROR;
            throw new StepFailure(kind, r.summary(), f.sqlState(), f.line() == null ? null : String.valueOf(f.line()),
                    result, null);
        }
        return result;
    }

    /** The {@code migrations} precondition: nothing pending or failed in these folders on the target. */
    ActionResult upToDate(String target, Precondition.Migrations m, Path baseDir) throws StepFailure {
        MigrationStatus status = runner(target).info(MigrationRequest.forPrecondition(m, baseDir));
        ActionResult result = ActionResult.of(StepExecutor.captures("schema_version", status.schemaVersion(),
                "pending", status.pendingVersions(), "failed", status.failedVersions()));
        if (status.failure() != null) {
            throw new StepFailure(FailureKind.ERROR, status.summary(), status.failure().sqlState(), null, result, null);
        }
        if (!status.upToDate()) throw new StepFailure(FailureKind.EXPECTATION, status.summary(), null, null, result, null);
        return result;
    }

    private MigrationRunner runner(String target) throws StepFailure {
        if (rehearse) {
            // Flyway works inside the rehearsal's transaction: its commits become savepoints, all rolled back.
            java.sql.Connection lent = connections.connection(target);
            return new MigrationRunner(new LentDataSource(lent));
        }
        ConnectionSpec spec = connections.spec(target);
        return new MigrationRunner(new JdbcDataSource(spec.jdbcUrl(), spec.properties()));
    }

    /** Which of the step's SQL callbacks Flyway ran: those whose event fired (statement events: per statement). */
    private static String callbacks(PlannedAction.Migrate step, MigrationResult r) {
        StringBuilder sb = new StringBuilder();
        for (PlannedAction.Migrate.Callback c : step.callbacks()) {
            boolean perStatement = c.event().endsWith("Statement");
            String verdict = r.events().contains(c.event()) ? "callback ran: "
                    : perStatement && !r.applied().isEmpty() ? "callback ran per statement: "
                    : "callback not run (its event did not fire): ";
            sb.append(verdict).append(c).append('\n');
        }
        return sb.toString();
    }

    private static Evidence evidence(List<AppliedMigration> applied) {
        List<List<String>> rows = new ArrayList<>();
        for (AppliedMigration m : applied) {
            if (rows.size() == Evidence.MAX_ROWS) break;
            rows.add(List.of(String.valueOf(m.version()), String.valueOf(m.script()), m.duration().toMillis() + " ms"));
        }
        return new Evidence(List.of("version", "file", "duration"), rows, applied.size(), applied.size() > rows.size());
    }
}
