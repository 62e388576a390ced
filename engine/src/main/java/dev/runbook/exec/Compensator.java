package dev.runbook.exec;

import dev.runbook.model.RollbackScope;
import dev.runbook.plan.Compensation;
import dev.runbook.plan.PlannedRollback;
import dev.runbook.plan.PlannedStep;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the rollback bodies of completed steps in reverse order (and the failed step's own when it asks
 * for it), each journaled as {@code rollback/<id>}; the first rollback that fails stops compensation
 * and leaves a manual action naming what remains. A {@code manual:} rollback is recorded as instructions for a
 * person and the rest go on; the run then ends as needing manual action.
 */
final class Compensator {
    private final RunSession s;
    private final StepExecutor steps;

    Compensator(RunSession session, StepExecutor steps) {
        this.s = session;
        this.steps = steps;
    }

    /**
     * What compensation did: whether all ran, which keys remain, and what to do by hand; {@code stopped} when an
     * automatic rollback failed and the ones after it did not run (not for manual rollbacks alone).
     */
    record Result(boolean ok, List<String> done, List<String> remaining, List<String> withoutRollback,
                  String manualAction, boolean stopped, List<String> kept, RollbackScope scope) {}

    /** @param scope how far back to compensate, from the failed step (or the one the run stopped before) */
    Result compensate(List<PlannedStep> completed, PlannedStep failed, String why, RollbackScope scope) {
        Compensation.Selection selection = Compensation.select(completed, failed, scope);
        List<PlannedStep> order = selection.undo();
        List<String> withoutRollback = selection.withoutRollback().stream().map(PlannedStep::id).toList();
        List<String> kept = selection.kept().stream().map(PlannedStep::id).toList();
        List<String> keys = order.stream().map(st -> "rollback/" + st.id()).toList();
        s.journal.rollbackStarted(s.masker.mask(why), keys);
        if (!kept.isEmpty()) {
            s.say("info", "rollback_scope: " + scope.word() + " keeps what " + String.join(", ", kept) + " did", null, false);
        }
        s.targets.rollingBack(s.masker.mask("rolling back (" + why + "): " + String.join(", ", keys)));
        s.say("warn", "rolling back: " + (keys.isEmpty() ? "no completed step has a rollback"
                : String.join(", ", keys)), null, true);
        List<String> done = new ArrayList<>();
        List<String> byHand = new ArrayList<>();
        List<String> byHandKeys = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            PlannedStep st = order.get(i);
            PlannedRollback rb = st.rollback();
            String target = rb.target() != null ? rb.target() : st.target();
            int position = s.stepPosition(s.plan.steps().indexOf(st));
            Item item = new Item("rollback/" + st.id(), Kind.ROLLBACK, "rollback of " + st.displayName(), rb.action().kind(),
                    target, position, null, rb.action().preview());
            long start = System.nanoTime();
            s.journal.itemStarted(item, 1);
            s.progress().itemStarted(position, s.total, item.key(), "rollback " + st.id());
            s.cancellation.beginAttempt(rb.timeout() != null ? rb.timeout() : st.timeout());
            try {
                ActionResult r = steps.run(rb.action(), target, st, item, false,
                        (c, result) -> s.targets.rolledBackInside(target, c, item.key()));
                if (rb.action() instanceof dev.runbook.plan.PlannedAction.Manual) {
                    // A person must do this one; the compensations after it still run.
                    String text = String.valueOf(r.captures().get("manual"));
                    String reason = "manual action needed: " + text;
                    s.journal.itemFinished(item.key(), 1, ItemStatus.WARNED, reason, SessionTime.ms(start), null, null, r,
                            null);
                    s.progress().itemFinished(position, s.total, item.key(), "warned", SessionTime.since(start), reason);
                    byHand.add("rollback of '" + st.id() + "': " + text);
                    byHandKeys.add(item.key());
                    continue;
                }
                s.journal.itemFinished(item.key(), 1, ItemStatus.OK, null, SessionTime.ms(start), null, null, r, null);
                s.progress().itemFinished(position, s.total, item.key(), "ok", SessionTime.since(start), null);
                done.add(item.key());
            } catch (StepFailure f) {
                String reason = s.masker.mask(f.getMessage());
                ErrorInfo e = f.info();
                s.journal.itemFinished(item.key(), 1, f.kind() == FailureKind.INTERRUPTED ? ItemStatus.INTERRUPTED
                        : ItemStatus.FAILED, reason, SessionTime.ms(start), null, null, f.partial(),
                        e.withMessage(reason));
                s.progress().itemFinished(position, s.total, item.key(), "failed", SessionTime.since(start), reason);
                List<PlannedStep> left = order.subList(i, order.size());
                List<String> remaining = new ArrayList<>(byHandKeys);
                left.forEach(x -> remaining.add("rollback/" + x.id()));
                String manual = manualAction(left, reason, withoutRollback, byHand);
                for (PlannedStep skipped : order.subList(i + 1, order.size())) {
                    s.journal.itemSkipped(new Item("rollback/" + skipped.id(), Kind.ROLLBACK, "rollback of "
                            + skipped.displayName(), skipped.rollback().action().kind(), skipped.target(),
                            s.stepPosition(s.plan.steps().indexOf(skipped)), null, skipped.rollback().action().preview()),
                            "not run: rollback of " + st.id() + " failed");
                }
                s.journal.rollbackFinished(false, remaining, s.masker.mask(manual));
                s.say("error", manual, item.key(), true);
                return new Result(false, done, remaining, withoutRollback, manual, true, kept, scope);
            } finally {
                s.cancellation.endAttempt();
            }
        }
        if (!byHand.isEmpty()) {
            StringBuilder b = new StringBuilder("MANUAL ACTION NEEDED. Every automatic rollback ran; do these by hand, in"
                    + " this order:");
            for (int n = 0; n < byHand.size(); n++) b.append("\n  ").append(n + 1).append(". ").append(byHand.get(n));
            if (!withoutRollback.isEmpty()) {
                b.append("\n  Steps with no rollback also keep their changes: ").append(String.join(", ", withoutRollback));
            }
            String manual = s.masker.mask(b.toString());
            s.journal.rollbackFinished(false, byHandKeys, manual);
            s.say("error", manual, null, true);
            return new Result(false, done, List.copyOf(byHandKeys), withoutRollback, manual, false, kept, scope);
        }
        s.journal.rollbackFinished(true, List.of(), null);
        if (!withoutRollback.isEmpty()) {
            s.say("warn", "steps without a rollback keep their changes: " + String.join(", ", withoutRollback), null, true);
        }
        return new Result(true, done, List.of(), withoutRollback, null, false, kept, scope);
    }

    private static String manualAction(List<PlannedStep> left, String reason, List<String> withoutRollback,
                                       List<String> byHand) {
        StringBuilder b = new StringBuilder("ROLLBACK FAILED - MANUAL ACTION NEEDED. The rollback of step '")
                .append(left.get(0).id()).append("' failed: ").append(reason)
                .append(". Compensation stopped; do these by hand, in this order:");
        int n = 1;
        for (String h : byHand) b.append("\n  ").append(n++).append(". ").append(h);
        for (PlannedStep st : left) {
            b.append("\n  ").append(n++).append(". rollback of '").append(st.id()).append("': ")
                    .append(st.rollback().action().preview().strip().replace("\n", "\n     "));
        }
        if (!withoutRollback.isEmpty()) {
            b.append("\n  Steps with no rollback also keep their changes: ").append(String.join(", ", withoutRollback));
        }
        return b.toString();
    }
}
