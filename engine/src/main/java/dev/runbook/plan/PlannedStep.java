package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step as it would execute: defaults applied, target chosen, files inlined, run/skip decided
 * where it can be. {@code params} is the parameter scope (an include's own params for its steps);
 * {@code item} is the value of this iteration of a {@code for_each} step, else null;
 * {@code lockTimeout} how long each statement may wait for a lock (null: the server's default);
 * {@code restartsTarget} the database target the step restarts, whose run lock is re-taken after it (or null).
 * {@code rollbackScope} how far back this step's failure compensates ({@link Compensation});
 * {@code checkpoint}: once it completes, no later failure compensates it or what came before.
 */
public record PlannedStep(int index, String id, String title, String description, Position pos, PlannedAction action, String target,
                          Decision decision, String when, String expect, FailurePolicy onFailure, RetryPolicy retry,
                          Duration timeout, boolean once, boolean idempotent, boolean backup, boolean destructive, boolean seed,
                          boolean mutating, PlannedRollback rollback, String checksum, Map<String, Object> params,
                          List<String> notes, Object item, Duration lockTimeout,
                          String restartsTarget, dev.runbook.model.RollbackScope rollbackScope, boolean checkpoint) {

    /** A step with the default rollback scope and no checkpoint. */
    public PlannedStep(int index, String id, String title, String description, Position pos, PlannedAction action,
                       String target, Decision decision, String when, String expect, FailurePolicy onFailure,
                       RetryPolicy retry, Duration timeout, boolean once, boolean idempotent, boolean backup,
                       boolean destructive, boolean seed, boolean mutating, PlannedRollback rollback, String checksum,
                       Map<String, Object> params, List<String> notes, Object item, Duration lockTimeout,
                       String restartsTarget) {
        this(index, id, title, description, pos, action, target, decision, when, expect, onFailure, retry, timeout, once,
                idempotent, backup, destructive, seed, mutating, rollback, checksum, params, notes, item, lockTimeout,
                restartsTarget, dev.runbook.model.RollbackScope.CHECKPOINT, false);
    }

    public String kind() {
        return action.kind();
    }

    public String displayName() {
        return title == null ? id : title;
    }

    /**
     * Whether the step may leave a change on a target that a rollback would have to undo: a mutating step that is
     * not a {@code backup} (a backup reads the target into the run folder).
     */
    public boolean changesTarget() {
        return mutating && !backup;
    }

    /**
     * Whether a run that died after this step started, with no outcome journaled, may simply run it again on
     * resume. Yes for a transactional sql step (its success row commits with its change, so "started" means not
     * applied), for what changes nothing, for checks and approvals, for migrations (Flyway's own history records
     * each applied one), and for a step declared {@code idempotent}. No for shell, http and {@code transaction: false}
     * sql: they may have taken effect, so resume asks. Nor for transactional sql on a target whose journal is kept
     * in another target ({@code on.journalIn()}): its success row cannot commit with its change.
     *
     * @param on the step's target (null for steps without one)
     */
    public boolean repeatableAfterCrash(PlannedTarget on) {
        if (idempotent || !mutating) return true;
        if (action instanceof PlannedAction.Sql sql) return sql.sql().transaction() && (on == null || on.journalIn() == null);
        return !(action instanceof PlannedAction.Shell || action instanceof PlannedAction.Http);
    }
}
