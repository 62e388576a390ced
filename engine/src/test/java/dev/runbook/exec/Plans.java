package dev.runbook.exec;

import dev.runbook.diag.Position;
import dev.runbook.model.Expr;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.HttpRequest;
import dev.runbook.model.Precondition;
import dev.runbook.model.RetryPolicy;
import dev.runbook.model.Template;
import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedCheck;
import dev.runbook.plan.PlannedCondition;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.plan.PlannedRollback;
import dev.runbook.plan.PlannedSql;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.ResolvedParam;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds plans by hand for executor tests, the way the planner would resolve them. */
final class Plans {
    static final Position POS = new Position("test.yaml", 1, 1);

    private final Map<String, PlannedTarget> targets = new LinkedHashMap<>();
    private final Map<String, ResolvedParam> params = new LinkedHashMap<>();
    private final List<PlannedPrecondition> preconditions = new ArrayList<>();
    private final List<StepBuilder> steps = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private Duration runTimeout;
    private Path baseDir = Path.of(".").toAbsolutePath();

    static Plans plan() {
        return new Plans();
    }

    Plans db(String name, PostgresServer.TestDb db) {
        targets.put(name, new PlannedTarget(name, "postgresql", "postgresql://postgres@localhost/" + db.name(),
                Map.of("url", db.jdbcUrl(), "user", "postgres"), "runbook", "runbook.history", false, false));
        return this;
    }

    Plans target(PlannedTarget t) {
        targets.put(t.name(), t);
        return this;
    }

    Plans http(String name, String url) {
        targets.put(name, new PlannedTarget(name, "http", url, Map.of("url", url), "none", null, false, false));
        return this;
    }

    Plans param(String name, Object value) {
        params.put(name, new ResolvedParam(name, value instanceof Long ? "integer" : "string", value, false, "cli"));
        return this;
    }

    Plans secretParam(String name, String value) {
        params.put(name, new ResolvedParam(name, "string", value, true, "cli"));
        secrets.add(value);
        return this;
    }

    Plans secret(String s) {
        secrets.add(s);
        return this;
    }

    Plans runTimeout(Duration d) {
        runTimeout = d;
        return this;
    }

    Plans baseDir(Path dir) {
        baseDir = dir;
        return this;
    }

    Plans precondition(String name, PlannedCondition kind, String target, String expect, Precondition.OnFail onFail) {
        PlannedSql sql = kind.sqlOrNull();
        preconditions.add(new PlannedPrecondition(preconditions.size() + 1, name, POS, kind, target, expect, onFail,
                sql == null ? kind.word() : sql.text()));
        return this;
    }

    Plans sqlPrecondition(String name, String target, String sql, String expect, Precondition.OnFail onFail) {
        return precondition(name, new PlannedCondition.Sql(sql(sql)), target, expect, onFail);
    }

    StepBuilder step(String id, PlannedAction action) {
        StepBuilder b = new StepBuilder(this, id, action);
        steps.add(b);
        return b;
    }

    Plan build() {
        List<PlannedStep> built = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) built.add(steps.get(i).build(i + 1));
        return new Plan(1, "sha256:test", "test-runbook", "Test runbook", "tests", null, "test.yaml", "sha256:0",
                baseDir, "test", false, "OPS-1", params, targets, List.of(), preconditions, built, List.of(), List.of(),
                runTimeout, secrets);
    }

    // ---- actions

    static PlannedSql sql(String text) {
        return new PlannedSql(POS, text, null, true, Map.of(), null, null);
    }

    static PlannedSql sql(String text, boolean tx, Map<String, String> bind, Long expectAffected, Duration timeout) {
        Map<String, Expr> b = new LinkedHashMap<>();
        bind.forEach((k, v) -> b.put(k, new Expr(v, POS)));
        return new PlannedSql(POS, text, null, tx, b, expectAffected, timeout);
    }

    static PlannedAction.Sql sqlStep(String text) {
        return new PlannedAction.Sql(sql(text), true);
    }

    static PlannedAction.Assert checks(PlannedCheck... checks) {
        return new PlannedAction.Assert(List.of(checks));
    }

    static PlannedCheck check(String name, String sql, String expect) {
        return new PlannedCheck(POS, name, null, sql(sql), null, Map.of(), expect);
    }

    static PlannedAction.Shell argv(String... argv) {
        List<Template> t = new ArrayList<>();
        for (String a : argv) t.add(new Template(a, POS));
        return new PlannedAction.Shell(POS, t, null, Map.of(), 0, null, String.join(" ", argv));
    }

    static PlannedAction.Shell script(String script) {
        return new PlannedAction.Shell(POS, List.of(), script, Map.of(), 0, null, script);
    }

    static PlannedAction.Shell shell(List<String> argv, String script, Map<String, String> env, int expectExit) {
        List<Template> t = new ArrayList<>();
        for (String a : argv) t.add(new Template(a, POS));
        Map<String, Template> e = new LinkedHashMap<>();
        env.forEach((k, v) -> e.put(k, new Template(v, POS)));
        return new PlannedAction.Shell(POS, t, script, e, expectExit, null, script != null ? script : String.join(" ", argv));
    }

    static PlannedAction.Http get(String url) {
        return new PlannedAction.Http(POS, "GET", new Template(url, POS), null, Map.of(), null, null, null, url);
    }

    static PlannedAction.Http post(String url, Object json) {
        return new PlannedAction.Http(POS, "POST", new Template(url, POS), null, Map.of(), null, json, null, url);
    }

    static PlannedAction.Approval approval(String prompt) {
        return new PlannedAction.Approval(prompt, List.of());
    }


    static RetryPolicy retry(int attempts, Duration delay, RetryPolicy.RetryOn... on) {
        return new RetryPolicy(attempts, delay, 1.0, on.length == 0 ? EnumSet.of(RetryPolicy.RetryOn.CONNECTION,
                RetryPolicy.RetryOn.TIMEOUT, RetryPolicy.RetryOn.EXPECTATION) : EnumSet.of(on[0], on));
    }

    /** One step under construction; defaults as the planner applies them (target app, abort, no retry). */
    static final class StepBuilder {
        private final Plans plans;
        private final String id;
        private final PlannedAction action;
        private String target = "app";
        private String when;
        private String expect;
        private FailurePolicy onFailure = FailurePolicy.ABORT;
        private RetryPolicy retry = RetryPolicy.NONE;
        private Duration timeout;
        private Duration lockTimeout;
        private PlannedRollback rollback;
        private Decision decision = new Decision.Run();
        private Map<String, Object> params = Map.of();

        StepBuilder(Plans plans, String id, PlannedAction action) {
            this.plans = plans;
            this.id = id;
            this.action = action;
        }

        StepBuilder target(String t) { target = t; return this; }
        StepBuilder when(String w) { when = w; decision = new Decision.AtRunTime(w); return this; }
        StepBuilder skip(String reason) { decision = new Decision.Skip(reason); return this; }
        StepBuilder expect(String e) { expect = e; return this; }
        StepBuilder onFailure(FailurePolicy p) { onFailure = p; return this; }
        StepBuilder retry(RetryPolicy r) { retry = r; return this; }
        StepBuilder timeout(Duration d) { timeout = d; return this; }
        StepBuilder lockTimeout(Duration d) { lockTimeout = d; return this; }
        StepBuilder params(Map<String, Object> p) { params = p; return this; }
        StepBuilder rollback(PlannedAction a) { rollback = new PlannedRollback(a, null, null, false); return this; }
        StepBuilder rollbackAfterFailure(PlannedAction a) { rollback = new PlannedRollback(a, null, null, true); return this; }

        /** Ends this step and goes back to the plan. */
        Plans and() {
            return plans;
        }

        Plan build() {
            return plans.build();
        }

        PlannedStep build(int index) {
            return new PlannedStep(index, id, null, null, POS, action, target, decision, when, expect, onFailure, retry, timeout,
                    false, false, false, false, false, action.mutating(), rollback, "sha256:" + id, params, List.of(), null,
                    lockTimeout, null);
        }
    }
}
