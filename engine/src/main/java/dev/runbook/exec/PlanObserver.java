package dev.runbook.exec;

import dev.runbook.expr.Expressions;
import dev.runbook.migrate.MigrationStatus;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.SecretMasker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What only the targets know, read for {@code plan --connect} on read-only connections: whether each
 * precondition would pass now, what each migrate step would apply, the guards' markers. Nothing is written
 * (no lock, no journal); every answer is a point-in-time observation, stamped with when it was made.
 */
public final class PlanObserver {
    /** One observation: the item, what was seen, and whether it would pass now (null: not a yes/no question). */
    public record Observation(String item, String seen, Boolean passesNow) {}

    private final Expressions expressions = new Expressions();

    public List<Observation> observe(Plan plan, Map<String, String> environment) {
        return observe(plan, environment, null, new SecretMasker(plan.secrets()));
    }

    /**
     * @param embeddedVersion the PostgreSQL major for embedded targets (null: the one matching pg_dump)
     * @param masker          the caller's masker for the plan's secrets, which every observation passes through
     */
    public List<Observation> observe(Plan plan, Map<String, String> environment, Integer embeddedVersion,
                                     SecretMasker masker) {
        List<Observation> out = new ArrayList<>();
        try (Cancellation cancellation = new Cancellation();
             EmbeddedOnDemand db = new EmbeddedOnDemand(() -> new ZonkyDatabases(
                     EmbeddedServerChoice.choose(embeddedVersion, PgClientTools.major())));
             TargetConnections connections = new TargetConnections(plan.targets(), db, "runbook-plan",
                     TargetConnections.Use.OBSERVE)) {
            SqlRunner sql = new SqlRunner(connections, cancellation, expressions);
            MigrateRunner migrations = new MigrateRunner(connections, false);
            // The run's judge, without HTTP: an observation calls no endpoint.
            PreconditionJudge judge = new PreconditionJudge(sql, null, migrations, expressions, environment, plan.baseDir());
            RunContext context = new RunContext(plan, Map.of("id", "plan", "operator", ""), environment, Map.of());
            for (PlannedPrecondition p : plan.preconditions()) {
                String item = "precondition " + p.index() + " '" + p.name() + "'";
                out.add(deferred(plan, p.target()) ? notObserved(item, p.target()) : precondition(p, judge, context, masker));
            }
            for (PlannedStep s : plan.steps()) {
                if (!(s.action() instanceof PlannedAction.Migrate m)) continue;
                out.add(deferred(plan, s.target()) ? notObserved("step '" + s.id() + "' (migrate)", s.target())
                        : migrations(s, m, migrations, masker));
            }
        }
        return out;
    }

    /** A connect: lazy target may not exist yet when planning: it is left alone, as the run leaves it until first use. */
    private static boolean deferred(Plan plan, String target) {
        return target != null && plan.targets().containsKey(target) && plan.targets().get(target).lazy();
    }

    private static Observation notObserved(String item, String target) {
        return new Observation(item, "not observed: target '" + target + "' is deferred (connect: lazy), connected at"
                + " its first use in the run", null);
    }

    /** When the observations were made, for the plan's "as of" line. */
    public static Instant now() {
        return Instant.now();
    }

    private static Observation precondition(PlannedPrecondition p, PreconditionJudge judge, RunContext context,
                                            SecretMasker masker) {
        String item = "precondition " + p.index() + " '" + p.name() + "'";
        try {
            PreconditionJudge.Judgement j = judge.judge(p, context);
            if (j.verdict() != null) return new Observation(item, masker.mask(j.verdict().actual()), j.holds());
            if (!j.holds()) return new Observation(item, masker.mask(j.problem()), false);
            return new Observation(item, masker.mask(seen(j.result())), true);
        } catch (PreconditionJudge.NotObserved e) {
            return new Observation(item, e.getMessage(), null);
        }
    }

    /** What a condition without an expectation saw, in a line. */
    private static String seen(ActionResult result) {
        if (result == null || result.captures().isEmpty()) return "holds";
        Object markers = result.captures().get("markers");
        if (markers instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, v) -> parts.add(k + " = " + v));
            return String.join("; ", parts);
        }
        if (result.captures().containsKey("result")) return "result = " + result.captures().get("result");
        return result.captures().toString();
    }

    private static Observation migrations(PlannedStep s, PlannedAction.Migrate m, MigrateRunner migrations,
                                          SecretMasker masker) {
        String item = "step '" + s.id() + "' (migrate)";
        try {
            MigrationStatus status = migrations.info(s.target(), m);
            List<String> pending = status.pendingVersions();
            return new Observation(item, masker.mask(status.summary()
                    + (pending.isEmpty() || !status.invalid().isEmpty() ? "" : "; would apply " + String.join(", ", pending))),
                    status.failure() == null && status.invalid().isEmpty() ? null : false);
        } catch (StepFailure | RuntimeException e) {
            return new Observation(item, masker.mask("cannot be read now: " + e.getMessage()), false);
        }
    }
}
