package dev.runbook.exec;

import dev.runbook.expr.Expressions;
import dev.runbook.migrate.JdbcDataSource;
import dev.runbook.migrate.MigrationRequest;
import dev.runbook.migrate.MigrationRunner;
import dev.runbook.migrate.MigrationStatus;
import dev.runbook.model.Precondition;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
        return observe(plan, environment, null);
    }

    /** @param embeddedVersion the PostgreSQL major for embedded targets (null: the one matching pg_dump) */
    public List<Observation> observe(Plan plan, Map<String, String> environment, Integer embeddedVersion) {
        List<Observation> out = new ArrayList<>();
        SecretMasker masker = new SecretMasker(plan.secrets());
        try (Cancellation cancellation = new Cancellation();
             EmbeddedOnDemand db = new EmbeddedOnDemand(() -> new ZonkyDatabases(
                     EmbeddedServerChoice.choose(embeddedVersion, PgClientTools.major())));
             TargetConnections connections = new TargetConnections(plan.targets(), plan.baseDir(), db, "runbook-plan",
                     TargetConnections.Use.OBSERVE)) {
            SqlRunner sql = new SqlRunner(connections, cancellation, expressions);
            Expectations expectations = new Expectations(expressions);
            RunContext context = new RunContext(plan, Map.of("id", "plan", "operator", ""), environment, Map.of());
            for (PlannedPrecondition p : plan.preconditions()) {
                out.add(precondition(p, plan, sql, expectations, context, environment, masker));
            }
            for (PlannedStep s : plan.steps()) {
                if (s.action() instanceof PlannedAction.Migrate m) out.add(migrations(s, m, connections, masker));
            }
        }
        return out;
    }

    /** When the observations were made, for the plan's "as of" line. */
    public static Instant now() {
        return Instant.now();
    }

    private Observation precondition(PlannedPrecondition p, Plan plan, SqlRunner sql, Expectations expectations,
                                     RunContext context, Map<String, String> environment, SecretMasker masker) {
        String item = "precondition " + p.index() + " '" + p.name() + "'";
        try {
            Precondition.Kind k = p.kind();
            if (p.sql() != null && (k instanceof Precondition.Sql || k instanceof Precondition.LibraryCheck)) {
                Map<String, ?> extra = k instanceof Precondition.LibraryCheck lc ? lc.params() : Map.of();
                ActionResult r = sql.run(p.target(), p.sql(), RunContext.withParams(context.vars(), extra), SqlRunner.Mode.PROBE);
                if (p.expect() == null) return new Observation(item, masker.mask(String.valueOf(r.captures().get("result"))), null);
                Expectations.Verdict v = expectations.check(p.expect(), mergedVars(context, r.captures()), r.captures());
                return new Observation(item, masker.mask(v.actual()), v.ok());
            }
            if (k instanceof Precondition.EnvVars e) {
                List<String> missing = e.names().stream().filter(n -> environment.get(n) == null || environment.get(n).isBlank()).toList();
                return new Observation(item, missing.isEmpty() ? "all set" : "not set: " + String.join(", ", missing), missing.isEmpty());
            }
            if (k instanceof Precondition.FileExists f) {
                String path = expressions.interpolate(f.path().raw(), context.vars());
                boolean there = Files.exists(plan.baseDir().resolve(path));
                return new Observation(item, path + (there ? " exists" : " does not exist"), there);
            }
            if (k instanceof Precondition.Expression e) {
                return new Observation(item, e.expr().source(), expressions.test(e.expr().source(), context.vars()));
            }
            if (k instanceof Precondition.Guard g) {
                List<String> seen = new ArrayList<>();
                for (Precondition.GuardSource src : g.sources()) {
                    if (src.sql() != null) {
                        String target = src.target() != null ? src.target() : p.target();
                        dev.runbook.plan.PlannedSql ps = new dev.runbook.plan.PlannedSql(src.pos(), src.sql().text() == null
                                ? "" : src.sql().text(), null, true, src.sql().bind(), null, null);
                        Object v = sql.run(target, ps, context.vars(), SqlRunner.Mode.PROBE).captures().get("result");
                        seen.add(src.describe() + " = " + v);
                    } else if (src.envVar() != null) {
                        seen.add(src.describe() + " = " + environment.get(src.envVar()));
                    }
                }
                return new Observation(item, masker.mask(String.join("; ", seen)), null);
            }
            return new Observation(item, "not observed: plan --connect reads databases, files and the environment,"
                    + " it calls no HTTP endpoint", null);
        } catch (StepFailure | RuntimeException e) {
            return new Observation(item, masker.mask("cannot be evaluated now: " + e.getMessage()), false);
        }
    }

    private static Map<String, Object> mergedVars(RunContext context, Map<String, Object> captures) {
        Map<String, Object> vars = new LinkedHashMap<>(captures);
        vars.putAll(context.vars());
        return vars;
    }

    private static Observation migrations(PlannedStep s, PlannedAction.Migrate m, TargetConnections connections,
                                          SecretMasker masker) {
        String item = "step '" + s.id() + "' (migrate)";
        try {
            ConnectionSpec spec = connections.spec(s.target());
            Properties props = new Properties();
            props.putAll(spec.properties());
            props.setProperty("readOnly", "true");
            MigrationStatus status = new MigrationRunner(new JdbcDataSource(spec.jdbcUrl(), props))
                    .info(MigrationRequest.of(m));
            List<String> pending = status.pendingVersions();
            return new Observation(item, masker.mask(status.summary()
                    + (pending.isEmpty() || !status.invalid().isEmpty() ? "" : "; would apply " + String.join(", ", pending))),
                    status.failure() == null && status.invalid().isEmpty() ? null : false);
        } catch (StepFailure | RuntimeException e) {
            return new Observation(item, masker.mask("cannot be read now: " + e.getMessage()), false);
        }
    }
}
