package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.journal.OnceDecision;
import dev.runbook.model.RetryPolicy;
import dev.runbook.plan.Decision;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Kind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out one step: decides {@code when}, runs its action with retries and the step timeout, checks
 * {@code expect}, journals every attempt, and publishes its captures as {@code steps.<id>.*}.
 */
final class StepExecutor {
    private final RunSession s;
    private final CheckRunner checks;
    private final WaitRunner waits;
    private final ApprovalGate approvals;

    StepExecutor(RunSession session) {
        this.s = session;
        this.checks = new CheckRunner(session);
        this.waits = new WaitRunner(session);
        this.approvals = new ApprovalGate(session);
    }

    static Item item(PlannedStep step, int position) {
        return new Item("step/" + step.id(), Kind.STEP, step.displayName(), step.kind(), step.target(), position, null,
                step.action().preview());
    }

    StepRecord execute(PlannedStep step, int position) {
        Item item = item(step, position);
        String skip;
        String undecided = null;
        try {
            skip = skipReason(step);
        } catch (ExpressionException e) {
            // A condition that cannot be decided must not silently run or skip a change: each attempt fails on it.
            skip = null;
            undecided = "cannot decide when: " + e.getMessage();
        }
        if (skip != null) {
            s.journal.itemSkipped(item, s.masker.mask(skip));
            s.progress().itemFinished(position, s.total, item.key(), "skipped", Duration.ZERO, s.masker.mask(skip));
            return new StepRecord(step, ItemStatus.SKIPPED, null);
        }
        if (s.options.rehearse()) {
            String notRehearsed = notRehearsedReason(step);
            if (notRehearsed != null) {
                s.notRehearsed.add(step.id());
                s.journal.itemStarted(item, 1);
                s.journal.itemFinished(item.key(), 1, ItemStatus.NOT_REHEARSED, notRehearsed, 0, null, null, null, null);
                s.progress().itemFinished(position, s.total, item.key(), "not rehearsed", Duration.ZERO, notRehearsed);
                return new StepRecord(step, ItemStatus.NOT_REHEARSED, null);
            }
        }
        if (step.once()) {
            try {
                // A lazy target's journal is what remembers a once step: it is joined before it is asked.
                s.targets.join(step.target());
            } catch (StepFailure f) {
                s.journal.itemStarted(item, 1);
                s.journal.itemFinished(item.key(), 1, ItemStatus.FAILED, s.masker.mask(f.getMessage()), 0, null, null,
                        null, maskedInfo(f));
                s.progress().itemFinished(position, s.total, item.key(), "failed", Duration.ZERO, s.masker.mask(f.getMessage()));
                return new StepRecord(step, ItemStatus.FAILED, f);
            }
            OnceDecision once = s.targets.once(step, s.options.allowChanged());
            if (once instanceof OnceDecision.AlreadyApplied) {
                s.journal.itemSkipped(item, s.masker.mask(once.reason()));
                s.progress().itemFinished(position, s.total, item.key(), "skipped", Duration.ZERO, once.reason());
                return new StepRecord(step, ItemStatus.SKIPPED, null);
            }
            if (once instanceof OnceDecision.Changed) {
                StepFailure refused = new StepFailure(FailureKind.INVALID, once.reason());
                s.journal.itemStarted(item, 1);
                s.journal.itemFinished(item.key(), 1, ItemStatus.FAILED, s.masker.mask(once.reason()), 0, null, null,
                        null, maskedInfo(refused));
                s.progress().itemFinished(position, s.total, item.key(), "failed", Duration.ZERO, once.reason());
                return new StepRecord(step, ItemStatus.FAILED, refused);
            }
        }
        RetryPolicy retry = step.retry() == null ? RetryPolicy.NONE : step.retry();
        int attempts = step.action() instanceof PlannedAction.Approval ? 1 : Math.max(1, retry.attempts());
        StepFailure last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long start = System.nanoTime();
            s.journal.itemStarted(item, attempt);
            s.progress().itemStarted(position, s.total, item.key(),
                    step.id() + (attempt > 1 ? " (attempt " + attempt + "/" + attempts + ")" : ""));
            ActionResult result = null;
            Expectations.Verdict verdict = null;
            s.cancellation.beginAttempt(step.timeout());
            try {
                if (undecided != null) throw new StepFailure(FailureKind.INVALID, undecided);
                result = restartsTarget(step, () -> run(step.action(), step.target(), step, item, step.expect() != null,
                        journaledWithCommit(step, item)));
                if (step.expect() != null && !(step.action() instanceof PlannedAction.Approval)) {
                    verdict = s.expectations.check(step.expect(), s.context.vars(step, result.captures()), result.captures());
                    if (!verdict.ok()) {
                        throw new StepFailure(FailureKind.EXPECTATION, verdict.problem(), null, null, result, null);
                    }
                }
                s.context.publish(step.id(), result.captures());
                s.journal.itemFinished(item.key(), attempt, ItemStatus.OK, null, SessionTime.ms(start),
                        verdict == null ? null : verdict.expected(), verdict == null ? null : verdict.actual(), result, null);
                s.progress().itemFinished(position, s.total, item.key(), "ok", SessionTime.since(start), null);
                announceBackup(step, result);
                // Flyway applying nothing is the one "changed nothing" a step can prove (SQL counts miss DDL).
                boolean unchanged = step.action() instanceof PlannedAction.Migrate && Long.valueOf(0).equals(result.affected());
                return new StepRecord(step, ItemStatus.OK, null, unchanged);
            } catch (StepFailure f) {
                last = f;
                ActionResult partial = f.partial() != null ? f.partial() : result;
                if (partial != null) s.context.publish(step.id(), partial.captures());
                boolean stopped = f.kind() == FailureKind.INTERRUPTED;
                ItemStatus status = stopped ? ItemStatus.INTERRUPTED : ItemStatus.FAILED;
                String reason = s.masker.mask(f.getMessage());
                String expected = verdict != null ? verdict.expected() : null;
                String actual = verdict != null ? verdict.actual() : null;
                s.journal.itemFinished(item.key(), attempt, status, reason, SessionTime.ms(start), expected, actual,
                        partial, maskedInfo(f));
                s.progress().itemFinished(position, s.total, item.key(), status.word(), SessionTime.since(start), reason);
                // A lost connection may be the server restarting, which drops the run lock too: never retry without it.
                if (f.kind() == FailureKind.CONNECTION) s.lockLost();
                if (attempt < attempts && !s.cancellation.stopped() && f.kind().retryableUnder(retry.on())) {
                    Duration delay = retry.delayBefore(attempt + 1);
                    s.say("warn", "step " + step.id() + " failed (" + f.kind().name().toLowerCase(java.util.Locale.ROOT) + "); attempt "
                            + (attempt + 1) + " of " + attempts + " in " + dev.runbook.text.HumanDuration.of(delay),
                            item.key(), false);
                    s.cancellation.endAttempt();
                    try {
                        s.cancellation.pause(delay);
                    } catch (StepFailure stop) {
                        return new StepRecord(step, ItemStatus.INTERRUPTED, stop);
                    }
                    continue;
                }
                return new StepRecord(step, status, f);
            } finally {
                s.cancellation.endAttempt();
            }
        }
        return new StepRecord(step, ItemStatus.FAILED, last);
    }

    /** An action of a step, run by {@link #restartsTarget}. */
    private interface Attempt {
        ActionResult run() throws StepFailure;
    }

    /**
     * Runs a step that declares {@code restarts_target}: its target's lock session is expected to die meanwhile, so it
     * is not watched; afterwards the step's sessions there are dropped and the lock is taken again and verified (see
     * {@link TargetJournal#restarted}). Other steps just run.
     */
    private ActionResult restartsTarget(PlannedStep step, Attempt attempt) throws StepFailure {
        String target = step.restartsTarget();
        if (target == null) return attempt.run();
        java.time.Instant since = s.options.clock().instant();
        s.targets.restarting(target);
        java.util.Optional<StepFailure> back;
        ActionResult result;
        try {
            result = attempt.run();
        } finally {
            s.connections.discard(target);
            back = s.targets.restarted(target, since);
        }
        if (back.isPresent()) throw back.get().withPartial(result);
        return result;
    }

    /** A step the resumed run completed: recorded as skipped here and as completed earlier in the journal. */
    void completedEarlier(PlannedStep step, int position, String earlierRunId) {
        Item item = item(step, position);
        String why = "completed by run " + earlierRunId;
        s.journal.itemSkipped(item, why);
        s.targets.completedEarlier(step, earlierRunId);
        s.progress().itemFinished(position, s.total, item.key(), "skipped", Duration.ZERO, why);
    }

    /**
     * Why a rehearsal cannot try this step inside its transaction, or null: what acts outside the database, what
     * a transaction cannot hold, and what depends on a step that was not rehearsed.
     */
    private String notRehearsedReason(PlannedStep step) {
        if (step.decision() instanceof Decision.AtRunTime rt) {
            try {
                for (List<String> path : s.expressions.variables(rt.expression())) {
                    if (path.size() > 1 && path.get(0).equals("steps") && s.notRehearsed.contains(path.get(1))) {
                        return "not rehearsed: its when: reads steps." + path.get(1) + ", which was not rehearsed";
                    }
                }
            } catch (ExpressionException e) {
                return null; // the run-time check reports it
            }
        }
        return step.action().accept(new PlannedAction.Visitor<String, RuntimeException>() {
            public String sql(PlannedAction.Sql sql) {
                if (step.target() == null) return null;
                dev.runbook.db.Dialect dialect = dev.runbook.db.Dialect.forEngine(s.plan.targets().get(step.target()).engine());
                dev.runbook.db.SqlAnalysis analysis;
                try {
                    analysis = dialect.analyse(sql.sql().text());
                } catch (IllegalArgumentException e) {
                    return null; // the run reports the split error
                }
                java.util.Optional<dev.runbook.db.StatementAnalysis> refused = analysis.firstNotRehearsable();
                if (refused.isEmpty()) return null;
                dev.runbook.db.StatementAnalysis st = refused.get();
                return "not rehearsed: statement " + (analysis.statements().indexOf(st) + 1) + " (line " + st.line() + ": "
                        + st.notRehearsable().orElseThrow() + ") cannot be rehearsed inside the rehearsal's transaction;"
                        + " it was not executed";
            }

            public String assertion(PlannedAction.Assert a) { return null; }

            public String migrate(PlannedAction.Migrate m) {
                if (step.target() == null) return null;
                try {
                    return s.migrations.notRehearsable(step.target(), m).orElse(null);
                } catch (StepFailure e) {
                    return null; // the step itself reports a target it cannot reach
                }
            }

            public String http(PlannedAction.Http h) { return "not rehearsed: an HTTP call cannot be taken back"; }

            public String shell(PlannedAction.Shell sh) {
                return "not rehearsed: a shell command acts outside the database transaction";
            }

            public String approval(PlannedAction.Approval ap) { return "not rehearsed: approvals are asked in the real run"; }

            public String waiting(PlannedAction.Wait w) { return "not rehearsed: a wait only passes time in the real run"; }

            public String manual(PlannedAction.Manual m) { return "not rehearsed: a manual rollback is done by a person"; }
        });
    }

    /** A backup step's last output line (where it says what it wrote) on the console: the restore point matters. */
    private void announceBackup(PlannedStep step, ActionResult result) {
        if (!step.backup() || result.output() == null) return;
        String last = result.output().text().strip().lines().reduce((a, b) -> b).orElse("");
        if (!last.isBlank()) s.progress().message("info", "step '" + step.id() + "' said: " + s.masker.mask(last), false);
    }

    /**
     * Why a step does not run, or null. The plan decided {@code when:} wherever it could; only a condition that
     * reads earlier steps' results ({@link Decision.AtRunTime}) is evaluated here, once.
     */
    private String skipReason(PlannedStep step) throws ExpressionException {
        if (step.decision() instanceof Decision.Skip skip) return skip.reason();
        if (!(step.decision() instanceof Decision.AtRunTime rt)) return null;
        return s.expressions.test(rt.expression(), s.context.vars(step, null)) ? null : "when: " + rt.expression() + " is false";
    }

    /** Runs a step or rollback body: one branch per kind, so a new kind does not compile until it runs here. */
    /**
     * For a sql step in a transaction: its {@code succeeded} journal row, written in that transaction just before
     * it commits, when its expectation (if any) holds, so no kill can leave a committed step journaled as only
     * started. An expectation that fails or cannot be evaluated leaves the row to the journal session as before.
     */
    private SqlRunner.BeforeCommit journaledWithCommit(PlannedStep step, Item item) {
        return (c, result) -> {
            if (step.expect() != null) {
                try {
                    if (!s.expectations.check(step.expect(), s.context.vars(step, result.captures()),
                            result.captures()).ok()) return;
                } catch (RuntimeException undecided) {
                    return;
                }
            }
            s.targets.succeededInside(step.target(), c, item.key());
        };
    }

    ActionResult run(PlannedAction action, String target, PlannedStep step, Item item, boolean hasExpect)
            throws StepFailure {
        return run(action, target, step, item, hasExpect, SqlRunner.BeforeCommit.NONE);
    }

    /** @param beforeCommit what a sql body writes in its own transaction before it commits (its journal rows) */
    ActionResult run(PlannedAction action, String target, PlannedStep step, Item item, boolean hasExpect,
                     SqlRunner.BeforeCommit beforeCommit) throws StepFailure {
        Map<String, Object> vars = s.context.vars(step, null);
        return action.accept(new PlannedAction.Visitor<ActionResult, StepFailure>() {
            public ActionResult sql(PlannedAction.Sql sql) throws StepFailure {
                s.detail(item.key(), sql.sql().text());
                // A step's lock_timeout is for its own statements; a rollback must not give up on a lock.
                ActionResult result = s.sql.run(target, sql.sql(), vars, SqlRunner.Mode.APPLY, beforeCommit,
                        action == step.action() ? step.lockTimeout() : null);
                for (String note : s.sql.notes()) s.say("info", note, item.key(), false);
                return result;
            }

            public ActionResult assertion(PlannedAction.Assert a) throws StepFailure {
                return checks.run(step, a, item);
            }

            public ActionResult migrate(PlannedAction.Migrate m) throws StepFailure {
                s.detail(item.key(), m.preview());
                return s.migrations.migrate(target, m, action == step.action() ? step.lockTimeout() : null);
            }

            public ActionResult http(PlannedAction.Http h) throws StepFailure {
                s.detail(item.key(), h.preview());
                return s.http.run(h, target, vars, hasExpect);
            }

            public ActionResult shell(PlannedAction.Shell sh) throws StepFailure {
                s.detail(item.key(), "$ " + sh.commandPreview());
                return s.shell.run(sh, vars, (stream, line) -> s.detail(item.key(), stream + "| " + line));
            }

            public ActionResult approval(PlannedAction.Approval ap) throws StepFailure {
                return approvals.ask(step, ap);
            }

            public ActionResult waiting(PlannedAction.Wait w) throws StepFailure {
                return waits.run(step, w, item, target);
            }

            public ActionResult manual(PlannedAction.Manual m) throws StepFailure {
                // Nothing runs: the instructions, resolved now, are what a person must do (Compensator records them).
                try {
                    return ActionResult.of(captures("manual", s.masker.mask(s.expressions.interpolate(m.instructions().raw(),
                            vars))));
                } catch (dev.runbook.expr.ExpressionException e) {
                    throw new StepFailure(FailureKind.INVALID, "manual rollback instructions: " + e.getMessage());
                }
            }
        });
    }

    private ErrorInfo maskedInfo(StepFailure f) {
        ErrorInfo i = f.info();
        return i.withMessage(s.masker.mask(i.message()));
    }

    /** Captures of an approval or assert step, built as plain maps. */
    static Map<String, Object> captures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static List<String> following(List<PlannedStep> steps, PlannedStep from, int max) {
        int i = steps.indexOf(from);
        return steps.subList(i + 1, Math.min(steps.size(), i + 1 + max)).stream()
                .map(p -> p.id() + " (" + p.kind() + "): " + firstLine(p.action().preview())).toList();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " …";
    }
}
