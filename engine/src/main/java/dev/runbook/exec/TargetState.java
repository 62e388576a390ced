package dev.runbook.exec;

import dev.runbook.journal.ItemState;
import dev.runbook.journal.JournalStatus;
import dev.runbook.journal.RunState;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run that reached its steps left on its targets, from facts: the item rows the target's journal holds
 * for this run (succeeded, rolled back, or started without an outcome) and the migrations Flyway's history
 * table says each migrate step committed, also a step that failed part-way. The run's "target:" line is worded
 * here and nowhere else; "unchanged" and "restored" are said only when these facts show nothing left behind.
 *
 * @param completed  steps that change the target ({@link PlannedStep#changesTarget}) whose change is committed
 *                   and not compensated
 * @param compensated steps whose rollback ran
 * @param leftBehind what steps that did not complete still left committed, e.g. {@code schema: 001_a.sql}
 * @param unknown    what cannot be known from the target (a journal or history table that could not be read,
 *                   a step the journal shows started and never finished)
 */
record TargetState(List<String> completed, List<String> compensated, List<String> leftBehind, List<String> unknown) {

    /** Reads the facts once the steps and any rollback are over. */
    static TargetState read(RunSession s, List<PlannedStep> completedSteps, List<String> rolledBack) {
        List<String> completed = new ArrayList<>();
        List<String> compensated = new ArrayList<>();
        List<String> leftBehind = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Optional<RunState> journal = Optional.empty();
        try {
            journal = s.targets.recorded();
        } catch (RuntimeException e) {
            unknown.add("the journal cannot be read back (" + s.masker.mask(String.valueOf(e.getMessage())) + ")");
        }
        for (PlannedStep step : s.plan.steps()) {
            String key = "step/" + step.id();
            Optional<ItemState> row = journal.flatMap(j -> j.item(key));
            JournalStatus status = row.map(ItemState::status).orElse(null);
            // Without a journal to read (no database target), the executor's own record is all there is.
            boolean done = journal.isPresent() ? row.map(ItemState::completed).orElse(false) : completedSteps.contains(step);
            boolean undone = journal.isPresent() ? status == JournalStatus.ROLLED_BACK
                    : rolledBack.contains("rollback/" + step.id());
            if (undone) {
                compensated.add(step.id());
                continue;
            }
            if (done) {
                if (step.changesTarget()) completed.add(step.id());
                continue;
            }
            if (step.action() instanceof PlannedAction.Migrate m) {
                MigrateRunner.Committed c = s.migrations.committedBy(m);
                if (c != null && !c.migrations().isEmpty()) {
                    leftBehind.add(step.id() + ": " + String.join(", ", c.migrations()));
                }
                if (c != null && !c.verified()) {
                    unknown.add("what step " + step.id() + " committed (Flyway's history table could not be read)");
                }
            }
            if (status == JournalStatus.STARTED && step.changesTarget()) {
                unknown.add("step " + step.id() + " started and the journal has no outcome for it");
            } else if ((status == JournalStatus.FAILED || status == JournalStatus.INTERRUPTED) && partial(step)) {
                // Nothing rolls such a step back as a whole; what it did before it failed cannot be read back.
                unknown.add("step " + step.id() + " failed part-way and does not run in one transaction,"
                        + " so what it did before failing stays");
            }
        }
        return new TargetState(List.copyOf(completed), List.copyOf(compensated), List.copyOf(leftBehind),
                List.copyOf(unknown));
    }

    /** A mutating step whose failure does not undo what it already did (migrate steps are read back instead). */
    private static boolean partial(PlannedStep step) {
        PlannedAction a = step.action();
        if (!step.changesTarget() || a instanceof PlannedAction.Migrate || a instanceof PlannedAction.Approval) return false;
        return !(a instanceof PlannedAction.Sql sql) || !sql.sql().transaction();
    }

    /** Nothing committed, nothing left behind, nothing unknown. */
    boolean untouched() {
        return completed.isEmpty() && leftBehind.isEmpty() && unknown.isEmpty();
    }

    /** After a run that stopped (failure, abort, interrupt) without a rollback phase. */
    String stopped(String tail) {
        if (untouched()) return "unchanged: no step changed the target" + tail;
        return "partly changed: " + facts() + tail;
    }

    /** After a rollback phase that ran every compensation in scope. */
    String afterRollback(List<String> withoutRollback, List<String> keptByScope) {
        if (untouched()) {
            return compensated.isEmpty() ? "unchanged: nothing to roll back"
                    : "restored: rolled back: " + String.join(", ", compensated);
        }
        String kept = withoutRollback.isEmpty() ? ""
                : "; steps without a rollback keep their changes: " + String.join(", ", withoutRollback);
        if (!keptByScope.isEmpty()) {
            kept += "; kept on purpose (outside the failed step's rollback_scope): " + String.join(", ", keptByScope);
        }
        return "partly restored: " + facts() + kept;
    }

    /** After a rollback that stopped part-way: what remains is for a person to compensate. */
    /** Every automatic rollback ran; the manual ones are for a person to do. */
    String manualLeft(List<String> done, List<String> byHand) {
        String left = leftBehind.isEmpty() ? "" : "; still applied by failed steps: " + String.join("; ", leftBehind);
        return "NOT YET CONSISTENT: " + (done.isEmpty() ? "no automatic rollback" : "rolled back: " + String.join(", ", done))
                + "; still to compensate by hand: " + String.join(", ", byHand) + left;
    }

    String rollbackFailed(List<String> remaining) {
        String left = leftBehind.isEmpty() ? "" : "; still applied by failed steps: " + String.join("; ", leftBehind);
        return "INCONSISTENT: rollback stopped at " + remaining.get(0) + "; still to compensate by hand: "
                + String.join(", ", remaining) + left;
    }

    private String facts() {
        List<String> parts = new ArrayList<>();
        if (!completed.isEmpty()) parts.add("completed: " + String.join(", ", completed));
        if (!leftBehind.isEmpty()) parts.add("still applied by failed steps: " + String.join("; ", leftBehind));
        if (!compensated.isEmpty()) parts.add("rolled back: " + String.join(", ", compensated));
        if (!unknown.isEmpty()) parts.add("unknown: " + String.join("; ", unknown));
        return String.join("; ", parts);
    }
}
