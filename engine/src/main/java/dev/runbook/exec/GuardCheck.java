package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.model.HttpRequest;
import dev.runbook.model.Precondition;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.plan.PlannedSql;
import dev.runbook.plan.PlannedTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeds' hard guard against the wrong environment: the declared environment (mapped through
 * {@code values}) must equal every marker read from an environment variable, a query and an HTTP answer.
 */
final class GuardCheck {
    private final RunSession s;

    GuardCheck(RunSession session) {
        this.s = session;
    }

    ActionResult check(PlannedPrecondition pc, Precondition.Guard guard) throws StepFailure {
        String declared;
        try {
            declared = s.expressions.interpolate(guard.declared().raw(), s.context.vars());
        } catch (ExpressionException e) {
            throw new StepFailure(FailureKind.INVALID, "guard: " + e.getMessage());
        }
        String expected = guard.values().getOrDefault(declared, declared);
        Map<String, Object> markers = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Precondition.GuardSource src : guard.sources()) {
            String value = marker(pc, src);
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

    private String marker(PlannedPrecondition pc, Precondition.GuardSource src) throws StepFailure {
        if (src.envVar() != null) return s.options.environmentVariables().get(src.envVar());
        if (src.sql() != null) {
            String target = src.target() != null ? src.target() : pc.target() != null ? pc.target() : only(true);
            String text = src.sql().text();
            if (src.sql().file() != null) {
                // Through the one path guard, like every file a runbook reads: no escape by '..' or a symlink.
                dev.runbook.parse.PathGuard.Resolved r = dev.runbook.parse.PathGuard.resolve(s.plan.baseDir(),
                        src.sql().file(), src.sql().pos(), "guard SQL file", dev.runbook.parse.PathGuard.Kind.FILE);
                if (!r.ok()) throw new StepFailure(FailureKind.INVALID, "guard: " + r.problem().message());
                try {
                    text = dev.runbook.parse.SourceFiles.readNormalized(r.path());
                } catch (IOException e) {
                    throw new StepFailure(FailureKind.INVALID, "guard: cannot read " + src.sql().file() + ": " + e.getMessage());
                }
            }
            PlannedSql sql = new PlannedSql(src.sql().pos(), text, src.sql().file(), true,
                    src.sql().bind() == null ? Map.of() : src.sql().bind(), null, src.sql().statementTimeout());
            Object v = s.sql.run(target, sql, s.context.vars(), SqlRunner.Mode.PROBE).captures().get("result");
            return v == null ? null : String.valueOf(v);
        }
        HttpRequest r = src.http();
        String target = src.target() != null ? src.target() : r.target() != null ? r.target() : only(false);
        PlannedAction.Http call = new PlannedAction.Http(r.pos(), r.method(), r.url(), target, r.headers(), r.body(),
                r.json(), r.timeout(), r.url().raw());
        Object node = s.http.run(call, target, s.context.vars(), true).captures().get("json");
        for (String part : src.field().split("\\.")) node = node instanceof Map<?, ?> m ? m.get(part) : null;
        return node == null ? null : String.valueOf(node);
    }

    /** The single database (or http) target a source without a target reads from. */
    private String only(boolean database) throws StepFailure {
        List<String> names = s.plan.targets().values().stream().filter(t -> t.isDatabase() == database)
                .map(PlannedTarget::name).toList();
        if (names.size() == 1) return names.get(0);
        throw new StepFailure(FailureKind.INVALID, "guard source needs target: (there are " + names.size() + " "
                + (database ? "database" : "http") + " targets)");
    }
}
