package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.plan.PlannedCondition;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.reports.model.ErrorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one judge of a precondition: evaluates its planned condition and its {@code expect}. {@code run} asks
 * it before any step and {@code plan --connect} asks it on read-only connections, so both say the same thing.
 */
final class PreconditionJudge {
    /** What the judge saw: the result (may be partial), the expectation's verdict, and why it failed (null: it holds). */
    record Judgement(ActionResult result, Expectations.Verdict verdict, String problem, ErrorInfo error) {
        boolean holds() {
            return problem == null;
        }
    }

    /** Thrown where the judge was asked not to call HTTP endpoints ({@code plan --connect}). */
    static final class NotObserved extends RuntimeException {
        NotObserved(String why) {
            super(why);
        }
    }

    private final SqlRunner sql;
    private final HttpRunner http;
    private final MigrateRunner migrations;
    private final Expressions expressions;
    private final Expectations expectations;
    private final Map<String, String> environment;
    private final Path baseDir;

    /** @param http null: HTTP conditions and markers are {@link NotObserved} */
    PreconditionJudge(SqlRunner sql, HttpRunner http, MigrateRunner migrations, Expressions expressions,
                      Map<String, String> environment, Path baseDir) {
        this.sql = sql;
        this.http = http;
        this.migrations = migrations;
        this.expressions = expressions;
        this.expectations = new Expectations(expressions);
        this.environment = environment;
        this.baseDir = baseDir;
    }

    Judgement judge(PlannedPrecondition pc, RunContext context) {
        try {
            ActionResult result = pc.kind().accept(new Evaluate(pc, context));
            Expectations.Verdict v = pc.expect() == null ? null
                    : expectations.check(pc.expect(), context.vars(null, result.captures()), result.captures());
            return new Judgement(result, v, v == null || v.ok() ? null : v.problem(), null);
        } catch (StepFailure f) {
            return new Judgement(f.partial(), null, f.getMessage(), f.kind() == FailureKind.EXPECTATION ? null : f.info());
        }
    }

    /** Evaluates one kind; a condition that does not hold throws an {@link FailureKind#EXPECTATION} failure. */
    private final class Evaluate implements PlannedCondition.Visitor<ActionResult, StepFailure> {
        private final PlannedPrecondition pc;
        private final RunContext context;

        Evaluate(PlannedPrecondition pc, RunContext context) {
            this.pc = pc;
            this.context = context;
        }

        public ActionResult sql(PlannedCondition.Sql c) throws StepFailure {
            return sql.run(pc.target(), c.sql(), context.vars(), SqlRunner.Mode.PROBE);
        }

        public ActionResult library(PlannedCondition.Library c) throws StepFailure {
            return sql.run(pc.target(), c.sql(), RunContext.withParams(context.vars(), c.params()), SqlRunner.Mode.PROBE);
        }

        public ActionResult envVars(PlannedCondition.EnvVars c) throws StepFailure {
            List<String> missing = new ArrayList<>();
            for (String name : c.names()) {
                String v = environment.get(name);
                if (v == null || v.isBlank()) missing.add(name);
            }
            if (!missing.isEmpty()) {
                throw new StepFailure(FailureKind.EXPECTATION, "environment variable" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is") + " not set");
            }
            return ActionResult.of(StepExecutor.captures("present", c.names()));
        }

        public ActionResult http(PlannedCondition.Http c) throws StepFailure {
            return callHttp().run(c.call(), pc.target(), context.vars(), pc.expect() != null);
        }

        public ActionResult fileExists(PlannedCondition.FileExists c) throws StepFailure {
            String p = interpolate(c.path().raw(), "");
            Path path = baseDir == null ? Path.of(p) : baseDir.resolve(p);
            if (!Files.exists(path)) throw new StepFailure(FailureKind.EXPECTATION, "file " + path + " does not exist");
            return ActionResult.of(StepExecutor.captures("path", path.toString()));
        }

        public ActionResult expression(PlannedCondition.Expression c) throws StepFailure {
            Expectations.Verdict v = expectations.check(c.expr().source(), context.vars(), Map.of());
            if (!v.ok()) throw new StepFailure(FailureKind.EXPECTATION, v.problem() == null ? "false" : v.problem());
            return ActionResult.of(Map.of());
        }

        public ActionResult migrations(PlannedCondition.Migrations c) throws StepFailure {
            return migrations.upToDate(pc.target(), c);
        }

        /**
         * The seeds' hard guard against the wrong environment: the declared environment (mapped through
         * {@code values}) must equal every marker read from an environment variable, a query and an HTTP answer.
         */
        public ActionResult guard(PlannedCondition.Guard g) throws StepFailure {
            String declared = interpolate(g.declared().raw(), "guard: ");
            String expected = g.values().getOrDefault(declared, declared);
            Map<String, Object> markers = new LinkedHashMap<>();
            List<String> wrong = new ArrayList<>();
            for (PlannedCondition.GuardSource src : g.sources()) {
                String value = marker(src);
                markers.put(src.describe(), value);
                if (!expected.equals(value)) wrong.add(src.describe() + " = " + (value == null ? "(none)" : "'" + value + "'"));
            }
            Map<String, Object> captures = new LinkedHashMap<>();
            captures.put("declared", declared);
            captures.put("expected", expected);
            captures.put("markers", markers);
            ActionResult result = ActionResult.of(captures);
            if (!wrong.isEmpty()) {
                throw new StepFailure(FailureKind.EXPECTATION, "this looks like the wrong environment: declared '" + declared
                        + "' expects every marker to be '" + expected + "', but " + String.join(", ", wrong), null, null,
                        result, null);
            }
            return result;
        }

        private String marker(PlannedCondition.GuardSource src) throws StepFailure {
            if (src.envVar() != null) return environment.get(src.envVar());
            if (src.target() == null) {
                throw new StepFailure(FailureKind.INVALID, "guard source " + src.describe() + " needs target: (the runbook has"
                        + " no single " + (src.sql() != null ? "database" : "http") + " target to read it from)");
            }
            if (src.sql() != null) {
                Object v = sql.run(src.target(), src.sql(), context.vars(), SqlRunner.Mode.PROBE).captures().get("result");
                return v == null ? null : String.valueOf(v);
            }
            Object node = callHttp().run(src.http(), src.target(), context.vars(), true).captures().get("json");
            for (String part : src.field().split("\\.")) node = node instanceof Map<?, ?> m ? m.get(part) : null;
            return node == null ? null : String.valueOf(node);
        }

        private HttpRunner callHttp() {
            if (http == null) throw new NotObserved("not observed: plan --connect reads databases, files and the environment,"
                    + " it calls no HTTP endpoint");
            return http;
        }

        private String interpolate(String template, String prefix) throws StepFailure {
            try {
                return expressions.interpolate(template, context.vars());
            } catch (ExpressionException e) {
                throw new StepFailure(FailureKind.INVALID, prefix + e.getMessage());
            }
        }
    }
}
