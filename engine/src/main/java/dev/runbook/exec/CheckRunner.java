package dev.runbook.exec;

import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedCheck;
import dev.runbook.plan.PlannedStep;
import dev.runbook.reports.model.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every check of an assert step, each journaled as {@code step/<id>/check/<n>} with expected vs
 * actual; all checks are evaluated even after one fails, and none can change the target.
 */
final class CheckRunner {
    private final RunSession s;

    CheckRunner(RunSession session) {
        this.s = session;
    }

    ActionResult run(PlannedStep step, PlannedAction.Assert action, Item parent) throws StepFailure {
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean anyError = false;
        int n = 0;
        for (PlannedCheck check : action.checks()) {
            n++;
            s.cancellation.check();
            String target = check.target() != null ? check.target() : step.target();
            Item item = new Item(Item.checkKey(parent.key(), n), Kind.CHECK, check.name(), "check", target, parent.index(),
                    parent.key(), check.sql() == null ? check.libraryCheck() : check.sql().text());
            long start = System.nanoTime();
            s.journal.itemStarted(item, 1);
            ActionResult result = null;
            Expectations.Verdict verdict = null;
            StepFailure failure = null;
            try {
                if (check.sql() == null) {
                    throw new StepFailure(FailureKind.INVALID, "library check '" + check.libraryCheck()
                            + "' is not supported yet");
                }
                s.detail(item.key(), check.sql().text());
                result = s.sql.run(target, check.sql(), RunContext.withParams(s.context.vars(step, null), check.params()),
                        SqlRunner.Mode.PROBE);
                if (check.expect() != null) {
                    verdict = s.expectations.check(check.expect(), s.context.vars(step, result.captures()), result.captures());
                    if (!verdict.ok()) failure = new StepFailure(FailureKind.EXPECTATION, verdict.problem());
                }
            } catch (StepFailure f) {
                // A lost connection ends the step as a sql step's would, so retry: {on: [connection]} applies alike.
                if (f.kind() == FailureKind.INTERRUPTED || f.kind() == FailureKind.TIMEOUT
                        || f.kind() == FailureKind.CONNECTION) {
                    s.journal.itemFinished(item.key(), 1, f.kind() == FailureKind.INTERRUPTED ? ItemStatus.INTERRUPTED
                            : ItemStatus.FAILED, s.masker.mask(f.getMessage()), SessionTime.ms(start), check.expect(),
                            null, null, f.info());
                    throw f;
                }
                failure = f;
                anyError = true;
            }
            boolean ok = failure == null;
            String actual = verdict != null ? verdict.actual()
                    : result != null ? s.expectations.actual("count", result.captures()) : null;
            s.journal.itemFinished(item.key(), 1, ok ? ItemStatus.OK : ItemStatus.FAILED,
                    ok ? null : s.masker.mask(failure.getMessage()), SessionTime.ms(start), check.expect(), actual, result,
                    ok || failure.kind() == FailureKind.EXPECTATION ? null : failure.info());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", check.name());
            r.put("ok", ok);
            r.put("expected", check.expect());
            r.put("actual", actual);
            results.add(r);
            if (!ok) problems.add(check.name() + ": " + failure.getMessage());
        }
        Map<String, Object> captures = new LinkedHashMap<>();
        captures.put("checks", results);
        captures.put("passed", results.size() - problems.size());
        captures.put("failed", problems.size());
        ActionResult out = ActionResult.of(captures);
        if (!problems.isEmpty()) {
            throw new StepFailure(anyError ? FailureKind.ERROR : FailureKind.EXPECTATION, problems.size() + " of "
                    + results.size() + " checks failed: " + String.join("; ", problems), null, null, out, null);
        }
        return out;
    }
}
