package dev.runbook.exec;

import dev.runbook.migrate.AppliedMigration;
import dev.runbook.migrate.MigrationFailure;
import dev.runbook.migrate.MigrationRequest;
import dev.runbook.migrate.MigrationResult;
import dev.runbook.migrate.MigrationRunner;
import dev.runbook.migrate.MigrationStatus;
import dev.runbook.plan.PlannedCondition;
import dev.runbook.plan.PlannedAction;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.Output;
import dev.runbook.reports.model.SqlPosition;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code migrate} steps and {@code migrations} preconditions on a target through Flyway's Java API
 * ({@link MigrationRunner}), on connections of their own, and turns the outcome into step results: the
 * applied migrations as evidence, their log as output, and a failure that names the file and line.
 */
final class MigrateRunner {
    private final TargetConnections connections;
    private final boolean rehearse;
    /** Per migrate step of this run, what its attempts left committed, as the target's history table says. */
    private final Map<PlannedAction.Migrate, Committed> committed = new IdentityHashMap<>();

    /**
     * The migrations a step's attempts committed, in order; {@code verified} is false when, after a failure,
     * the history table could not be read, so that more may be committed than listed.
     */
    record Committed(List<String> migrations, boolean verified) {}

    MigrateRunner(TargetConnections connections, boolean rehearse) {
        this.connections = connections;
        this.rehearse = rehearse;
    }

    /** @param lockTimeout how long each migration statement may wait for a lock (the step's lock_timeout), or null */
    ActionResult migrate(String target, PlannedAction.Migrate step, java.time.Duration lockTimeout) throws StepFailure {
        dev.runbook.db.Dialect dialect = dev.runbook.db.Dialect.forEngine(connections.target(target).engine());
        Scan outsideTransaction = Scan.of(dialect, step, st -> java.util.Optional.ofNullable(st.nonTransactional()));
        if (step.spec().oneTransaction()) {
            java.util.Optional<String> refused = notInOneTransaction(target, step, outsideTransaction);
            if (refused.isPresent()) throw new StepFailure(FailureKind.INVALID, refused.get());
        }
        // Flyway's lock in each migration's own transaction only when no text of the step runs outside one (see
        // FlywaySettings); in a rehearsal the lent transaction already holds everything Flyway takes.
        MigrationRequest request = MigrationRequest.of(step)
                .withTransactionalLock(!rehearse && outsideTransaction.none());
        // Session-wide on Flyway's own connections (closed after the step); in a rehearsal the SET rolls back too.
        if (lockTimeout != null) request = request.withInitSql(String.join(";\n", dialect.lockTimeoutSql(lockTimeout, false)));
        MigrationResult r = runner(target).migrate(request);
        remember(step, r);
        ActionResult result = new ActionResult(r.captures(), (long) r.applied().size(), evidence(r.applied()),
                new Output(callbacks(step, r) + r.log(), false));
        if (!r.succeeded()) {
            MigrationFailure f = r.failure();
            FailureKind kind = lockTimeout != null && dialect.isLockTimeout(f.sqlState(), 0) ? FailureKind.LOCK_TIMEOUT
                    : f.kind() == MigrationFailure.Kind.CONNECTION ? FailureKind.CONNECTION
                    : f.kind() == MigrationFailure.Kind.CONFIGURATION ? FailureKind.INVALID : FailureKind.ERROR;
            throw new StepFailure(kind, r.summary(), f.sqlState(), f.line() == null ? null : new SqlPosition(f.line(), null),
                    result, null);
        }
        return result;
    }

    /**
     * Why a rehearsal must not run this step, or empty: the first pending migration (in Flyway's order) holding a
     * statement that would commit or end the rehearsal's transaction, or act outside it. Read before anything runs.
     */
    java.util.Optional<String> notRehearsable(String target, PlannedAction.Migrate step) throws StepFailure {
        dev.runbook.db.Dialect dialect = dev.runbook.db.Dialect.forEngine(connections.target(target).engine());
        Scan scan = Scan.of(dialect, step, dev.runbook.db.StatementAnalysis::notRehearsable);
        return firstPending(target, step, scan).map(p -> "not rehearsed:"
                + " pending migration " + p.script() + ", statement " + p.number() + " (line " + p.line() + ": " + p.why()
                + ") cannot be rehearsed inside the rehearsal's transaction; no migration of this step was executed");
    }

    /**
     * Why this {@code one_transaction} step cannot apply its pending migrations in one transaction, or empty: the
     * first pending one holding a statement that cannot run inside a transaction. Flyway would either refuse the mix
     * or, when every pending file is such, apply them outside any transaction: neither is all-or-none.
     */
    private java.util.Optional<String> notInOneTransaction(String target, PlannedAction.Migrate step,
                                                           Scan outsideTransaction) throws StepFailure {
        return firstPending(target, step, outsideTransaction)
                .map(p -> "pending migration " + p.script() + ", statement " + p.number() + " (line " + p.line() + ": "
                        + p.why() + ") cannot run inside a transaction, and this step applies all its pending migrations in"
                        + " one (one_transaction: true); no migration was applied. Apply that migration in a migrate step"
                        + " of its own without one_transaction");
    }

    private record Refused(String script, int number, int line, String why) {}

    /**
     * The texts of a step (migrations and callbacks, read by the plan: what Flyway will run, not a second read of the
     * folder) that hold a statement {@code why} refuses, each with its first such statement, and whether some text
     * could not be split, so that what it holds is unknown.
     */
    private record Scan(Map<String, Refused> refused, boolean unsplittable) {
        static Scan of(dev.runbook.db.Dialect dialect, PlannedAction.Migrate step,
                       java.util.function.Function<dev.runbook.db.StatementAnalysis, java.util.Optional<String>> why) {
            Map<String, Refused> refused = new java.util.HashMap<>();
            boolean unsplittable = false;
            for (dev.runbook.plan.MigrationScript script : step.scripts()) {
                try {
                    List<dev.runbook.db.StatementAnalysis> statements = dialect.analyse(script.text()).statements();
                    for (int i = 0; i < statements.size(); i++) {
                        java.util.Optional<String> bad = why.apply(statements.get(i));
                        if (bad.isPresent()) {
                            refused.put(script.relativePath(),
                                    new Refused(script.relativePath(), i + 1, statements.get(i).line(), bad.get()));
                            break;
                        }
                    }
                } catch (IllegalArgumentException e) {
                    unsplittable = true;
                }
            }
            return new Scan(Map.copyOf(refused), unsplittable);
        }

        /** Whether no text holds such a statement, as far as can be known. */
        boolean none() {
            return refused.isEmpty() && !unsplittable;
        }
    }

    /**
     * The first pending migration (Flyway's order) among the scan's refused texts. The target is asked what is
     * pending only when some text holds such a statement; a text that does not split, Flyway reports when it runs.
     */
    private java.util.Optional<Refused> firstPending(String target, PlannedAction.Migrate step, Scan scan)
            throws StepFailure {
        if (scan.refused().isEmpty()) return java.util.Optional.empty();
        for (MigrationStatus.Entry e : runner(target).info(MigrationRequest.of(step)).migrations()) {
            if (e.pending() && e.script() != null && scan.refused().containsKey(e.script())) {
                return java.util.Optional.of(scan.refused().get(e.script()));
            }
        }
        return java.util.Optional.empty();
    }

    /** The {@code migrations} precondition: nothing pending or failed in these folders on the target. */
    ActionResult upToDate(String target, PlannedCondition.Migrations m) throws StepFailure {
        MigrationStatus status = runner(target).info(MigrationRequest.forPrecondition(m));
        ActionResult result = ActionResult.of(StepExecutor.captures("schema_version", status.schemaVersion(),
                "pending", status.pendingVersions(), "failed", status.failedVersions()));
        if (status.failure() != null) {
            throw new StepFailure(FailureKind.ERROR, status.summary(), status.failure().sqlState(), null, result, null);
        }
        if (!status.upToDate()) throw new StepFailure(FailureKind.EXPECTATION, status.summary(), null, null, result, null);
        return result;
    }

    /** What a migrate step would apply now (for {@code plan --connect}); changes nothing. */
    MigrationStatus info(String target, PlannedAction.Migrate step) throws StepFailure {
        return runner(target).info(MigrationRequest.of(step));
    }

    /** What the step's attempts so far committed, or null when it never ran in this run. */
    Committed committedBy(PlannedAction.Migrate step) {
        return committed.get(step);
    }

    private void remember(PlannedAction.Migrate step, MigrationResult r) {
        Committed before = committed.getOrDefault(step, new Committed(List.of(), true));
        List<String> all = new ArrayList<>(before.migrations());
        for (AppliedMigration m : r.applied()) all.add(m.script() != null ? m.script() : String.valueOf(m.version()));
        committed.put(step, new Committed(List.copyOf(all), before.verified() && r.verified()));
    }

    private MigrationRunner runner(String target) throws StepFailure {
        if (rehearse) {
            // Flyway works inside the rehearsal's transaction: its commits become savepoints, all rolled back.
            java.sql.Connection lent = connections.connection(target);
            return new MigrationRunner(new LentDataSource(lent));
        }
        return new MigrationRunner(connections.dataSource(target));
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
