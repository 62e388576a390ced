package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.model.HttpRequest;
import dev.runbook.model.Precondition;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates every precondition before any step, journaling each; none can change a target. The verdict
 * says which halt the run (exit 3) and which skip the whole runbook.
 */
final class PreconditionChecker {
    private final RunSession s;

    PreconditionChecker(RunSession session) {
        this.s = session;
    }

    /** Names of the preconditions that failed, by what their on_fail asks for. */
    record Verdict(List<String> halting, List<String> skipping, List<String> warnings) {}

    Verdict checkAll() {
        List<String> halting = new ArrayList<>();
        List<String> skipping = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PlannedPrecondition pc : s.plan.preconditions()) {
            if (s.cancellation.stopped()) break;
            int position = pc.index();
            Item item = new Item("precondition/" + position, Kind.PRECONDITION, pc.name(), pc.kind().word(), pc.target(),
                    position, null, pc.preview());
            long start = System.nanoTime();
            s.journal.itemStarted(item, 1);
            s.progress().itemStarted(position, s.total, item.key(), pc.name());
            ActionResult result = null;
            Expectations.Verdict verdict = null;
            String problem;
            ErrorInfo error = null;
            try {
                result = evaluate(pc);
                String expect = expectOf(pc);
                if (expect != null) {
                    verdict = s.expectations.check(expect, mergedVars(result.captures()), result.captures());
                }
                problem = verdict == null || verdict.ok() ? null : verdict.problem();
            } catch (StepFailure f) {
                problem = f.getMessage();
                if (f.kind() != FailureKind.EXPECTATION) error = f.info();
                if (f.partial() != null) result = f.partial();
            }
            ItemStatus status = ItemStatus.OK;
            String reason = null;
            if (problem != null) {
                reason = s.masker.mask("precondition '" + pc.name() + "' not met: " + problem);
                switch (pc.onFail()) {
                    case WARN -> { status = ItemStatus.WARNED; warnings.add(pc.name()); }
                    case SKIP -> { status = ItemStatus.SKIPPED; skipping.add(pc.name()); }
                    default -> { status = ItemStatus.FAILED; halting.add(pc.name()); }
                }
                if (error != null) error = error.withMessage(s.masker.mask(error.message()));
            }
            s.journal.itemFinished(item.key(), 1, status, reason, SessionTime.ms(start),
                    verdict == null ? null : verdict.expected(), verdict == null ? null : verdict.actual(), result, error);
            s.progress().itemFinished(position, s.total, item.key(), status.word(), SessionTime.since(start), reason);
        }
        return new Verdict(halting, skipping, warnings);
    }

    private String expectOf(PlannedPrecondition pc) {
        if (pc.expect() != null) return pc.expect();
        if (pc.kind() instanceof Precondition.Http h && h.request().expect() != null) return h.request().expect().source();
        return null;
    }

    private Map<String, Object> mergedVars(Map<String, Object> captures) {
        return s.context.vars(null, captures);
    }

    private ActionResult evaluate(PlannedPrecondition pc) throws StepFailure {
        Precondition.Kind kind = pc.kind();
        if (kind instanceof Precondition.Sql || (kind instanceof Precondition.LibraryCheck && pc.sql() != null)) {
            if (pc.sql() == null) throw new StepFailure(FailureKind.INVALID, "the precondition has no SQL");
            s.detail("precondition/" + pc.index(), pc.sql().text());
            Map<String, ?> extra = kind instanceof Precondition.LibraryCheck lc ? lc.params() : Map.of();
            return s.sql.run(pc.target(), pc.sql(), RunContext.withParams(s.context.vars(), extra), SqlRunner.Mode.PROBE);
        }
        if (kind instanceof Precondition.EnvVars env) {
            List<String> missing = new ArrayList<>();
            for (String name : env.names()) {
                String v = s.options.environmentVariables().get(name);
                if (v == null || v.isBlank()) missing.add(name);
            }
            if (!missing.isEmpty()) {
                throw new StepFailure(FailureKind.EXPECTATION, "environment variable" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is") + " not set");
            }
            return ActionResult.of(StepExecutor.captures("present", env.names()));
        }
        if (kind instanceof Precondition.Http h) {
            HttpRequest r = h.request();
            PlannedAction.Http call = new PlannedAction.Http(r.pos(), r.method(), r.url(), r.target(), r.headers(),
                    r.body(), r.json(), r.timeout(), r.url() == null ? "" : r.url().raw());
            boolean hasExpect = expectOf(pc) != null;
            return s.http.run(call, pc.target(), s.context.vars(), hasExpect);
        }
        if (kind instanceof Precondition.FileExists f) {
            String p;
            try {
                p = s.expressions.interpolate(f.path().raw(), s.context.vars());
            } catch (ExpressionException e) {
                throw new StepFailure(FailureKind.INVALID, e.getMessage());
            }
            Path path = s.plan.baseDir() == null ? Path.of(p) : s.plan.baseDir().resolve(p);
            if (!Files.exists(path)) throw new StepFailure(FailureKind.EXPECTATION, "file " + path + " does not exist");
            return ActionResult.of(StepExecutor.captures("path", path.toString()));
        }
        if (kind instanceof Precondition.Expression e) {
            Expectations.Verdict v = s.expectations.check(e.expr().source(), s.context.vars(), Map.of());
            if (!v.ok()) throw new StepFailure(FailureKind.EXPECTATION, v.problem() == null ? "false" : v.problem());
            return ActionResult.of(Map.of());
        }
        if (kind instanceof Precondition.Guard g) return new GuardCheck(s).check(pc, g);
        if (kind instanceof Precondition.Migrations m) return s.migrations.upToDate(pc.target(), m, s.plan.baseDir());
        throw new StepFailure(FailureKind.INVALID, kind.word() + " preconditions are not supported yet");
    }
}
