package dev.runbook.exec;

import dev.runbook.plan.SecretMasker;
import dev.runbook.expr.Expressions;
import dev.runbook.journal.JournalVersionException;
import dev.runbook.journal.LockHeldException;
import dev.runbook.model.FailurePolicy;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.plan.ResolvedParam;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries out an immutable {@link Plan}: preflight, preconditions, steps with their failure policies,
 * rollback, and the run folder's event log and reports. One run at a time per instance; {@link #stop}
 * may be called from any thread (Ctrl-C, SIGTERM) and makes the run end cleanly with its journal complete.
 */
public final class Executor {
    private final Expressions expressions;
    private final java.util.function.Function<RunOptions, EmbeddedDatabases> embedded;
    /** How often a long step's run locks are checked; a lost one cancels the step at once. */
    private static final Duration LOCK_WATCH = Duration.ofSeconds(1);
    private final SecureRandom random = new SecureRandom();
    private volatile Cancellation current;
    private volatile String pendingStop;
    private volatile CountDownLatch finished = new CountDownLatch(0);

    /** An executor whose embedded PostgreSQL is the major the run's options and the local pg_dump choose. */
    public Executor() {
        this.expressions = new Expressions();
        this.embedded = o -> new ZonkyDatabases(EmbeddedServerChoice.choose(o.embeddedVersion(), PgClientTools.major()));
    }

    /** @param embedded provides the embedded PostgreSQL for targets planned with embedded=true */
    public Executor(Expressions expressions, Supplier<EmbeddedDatabases> embedded) {
        this.expressions = expressions;
        this.embedded = o -> embedded.get();
    }

    /** Asks the current run to stop: cancels what runs now, applies the failure policy, finishes the journal. */
    public void stop(String reason) {
        Cancellation c = current;
        if (c != null) c.stop(reason);
        else pendingStop = reason;
    }

    /** Waits until the current run (if any) has written run.finished; true when it has. */
    public boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    public RunResult run(Plan plan, RunOptions options) {
        long start = System.nanoTime();
        finished = new CountDownLatch(1);
        try {
            return runFolder(plan, options, start);
        } finally {
            current = null;
            finished.countDown();
        }
    }

    private RunResult runFolder(Plan plan, RunOptions options, long start) {
        String runId = options.runId() != null ? options.runId() : RunIds.next(options.clock(), random);
        Path runDir = options.runDir() != null ? options.runDir() : options.runsRoot().resolve(runId);
        SecretMasker masker = masker(plan);
        EventSink sink;
        if (java.nio.file.Files.exists(runDir.resolve(dev.runbook.reports.events.EventLogWriter.FILE_NAME))) {
            String why = "the run folder " + runDir + " already holds a run's events.jsonl; choose another --out";
            options.progress().message("error", why, true);
            return new RunResult(runId, runDir, RunOutcome.INVALID, why, "unchanged: nothing ran", Duration.ZERO, List.of());
        }
        try {
            sink = new ReportsEventSink(runDir, options.clock());
        } catch (IOException e) {
            String why = "cannot create the run folder " + runDir + ": " + e.getMessage();
            options.progress().message("error", why, true);
            return new RunResult(runId, runDir, RunOutcome.INVALID, why, "unchanged: nothing ran", Duration.ZERO, List.of());
        }
        RunJournal journal = new RunJournal(sink, masker, runDir);
        RunSummary summary;
        try (Cancellation cancellation = new Cancellation();
             EmbeddedOnDemand db = new EmbeddedOnDemand(() -> embedded.apply(options),
                     line -> options.progress().message("info", line, false));
             TargetConnections connections = new TargetConnections(plan.targets(), db,
                     "runbook:" + runId + ":" + options.operator(),
                     options.rehearse() ? TargetConnections.Use.REHEARSAL : TargetConnections.Use.RUN)) {
            current = cancellation;
            journal.stopOnLoss(cancellation);
            if (pendingStop != null) cancellation.stop(pendingStop);
            pendingStop = null;
            String server = plan.targets().values().stream().anyMatch(PlannedTarget::embedded) ? db.describe() : null;
            if (server != null) options.progress().message("info", "embedded server: " + server, false);
            journal.runStarted(plan, options, runId,
                    options.rehearse() ? null : TargetJournal.latestRehearsal(plan, connections).orElse(null), server);
            if (options.rehearse()) {
                for (PlannedTarget t : plan.targets().values()) {
                    if (!t.isDatabase()) continue;
                    dev.runbook.db.Dialect.forEngine(t.engine()).rehearsalLimits().ifPresent(limits ->
                            journal.log("warn", "rehearsal on target '" + t.name() + "': " + limits, null));
                }
            }
            List<String> refused = Preflight.problems(plan, options);
            if (!refused.isEmpty()) {
                for (String r : refused) journal.log("error", masker.mask(r), null);
                options.progress().message("error", masker.mask(String.join("\n", refused)), true);
                summary = RunSummary.refused(String.join("; ", refused));
            } else {
                summary = journaled(plan, options, runId, runDir, masker, journal, cancellation, connections);
            }
            journal.runFinished(summary.outcome(), SessionTime.ms(start), masker.mask(summary.targetState()));
        } catch (RuntimeException e) {
            // The journal itself failed (disk full, folder removed): say so plainly, the run cannot be trusted.
            String why = masker.mask("the run stopped on an internal error: " + e.getMessage());
            options.progress().message("error", why, true);
            summary = new RunSummary(RunOutcome.FAILED, why, "unknown: check the event log and the target");
            try {
                journal.log("error", why, null);
                journal.runFinished(summary.outcome(), SessionTime.ms(start), summary.targetState());
            } catch (RuntimeException logGone) {
                // The event log is what failed; the reader marks the run interrupted at its last event.
            }
        } finally {
            Thread.interrupted();
            closeQuietly(sink);
        }
        journal.lost().ifPresent(why -> options.progress().message("error", why, true));
        List<Path> reports = List.of();
        try {
            reports = options.reports().publish(runDir);
        } catch (Exception e) {
            options.progress().message("error", masker.mask("reports could not be written: " + e.getMessage()), true);
        }
        return new RunResult(runId, runDir, summary.outcome(), masker.mask(summary.text()),
                masker.mask(summary.targetState()), SessionTime.since(start), reports);
    }

    /**
     * Takes the targets' run locks and opens their journals, runs, and writes the outcome there before the
     * locks go. A lock held by another run ends the run here (exit 5); a journal made by a newer Runbook too (exit 2).
     */
    private RunSummary journaled(Plan plan, RunOptions options, String runId, Path runDir, SecretMasker masker,
                                 RunJournal journal, Cancellation cancellation, TargetConnections connections) {
        TargetJournal targets;
        try {
            targets = TargetJournal.start(plan, options, runId, connections);
        } catch (LockHeldException e) {
            String why = masker.mask(e.getMessage());
            journal.log("error", why, null);
            options.progress().message("error", why, true);
            return RunSummary.locked(why);
        } catch (JournalVersionException | dev.runbook.journal.ResumeRefusedException e) {
            String why = masker.mask(e.getMessage());
            journal.log("error", why, null);
            options.progress().message("error", why, true);
            return RunSummary.refused(why);
        } catch (RuntimeException e) {
            // No lock, no journal: nothing may run. Said once, with the target and the database's words.
            String why = masker.mask(e.getMessage() + "; nothing ran");
            journal.log("error", why, null);
            options.progress().message("error", why, true);
            for (int i = 0; i < plan.steps().size(); i++) {
                int position = plan.preconditions().size() + i + 1;
                journal.itemSkipped(StepExecutor.item(plan.steps().get(i), position), "not run: " + why);
            }
            return RunSummary.notStarted(why);
        }
        try (targets) {
            journal.recordIn(targets);
            journalRows(plan, targets, journal, masker);
            java.util.function.Consumer<String> info = line -> {
                journal.log("info", masker.mask(line), null);
                options.progress().message("info", masker.mask(line), false);
            };
            targets.notices(info);
            for (PlannedTarget t : plan.targets().values()) {
                if (t.lazy()) info.accept("target '" + t.name() + "' " + t.treatment());
            }
            RunContext context = new RunContext(plan, runVars(plan, options, runId, runDir),
                    options.environmentVariables(), targetVars(plan, connections));
            RunSession session = new RunSession(plan, options, masker, journal, context, cancellation, expressions,
                    connections, targets);
            cancellation.watch(Thread.currentThread(), plan.runTimeout());
            targets.watchLocks(LOCK_WATCH, cancellation::stop);
            RunSummary summary = execute(session);
            if (options.rehearse()) summary = endRehearsal(summary, session.notRehearsed, connections, journal, options, masker);
            targets.finish(summary.outcome(), masker.mask(summary.targetState()));
            return summary;
        } finally {
            journal.recordIn(null);
        }
    }

    /** The rows each for_each query gave, kept where resume reads them, so it repeats over the same rows. */
    private static void journalRows(Plan plan, TargetJournal targets, RunJournal journal, SecretMasker masker) {
        plan.rows().forEach((id, rows) -> {
            String json;
            try {
                json = dev.runbook.plan.RowQueries.toJson(rows);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the rows of for_each step '" + id + "' cannot be journaled: " + e.getMessage());
            }
            targets.itemSkipped(dev.runbook.plan.RowQueries.journalKey(id), json);
            journal.log("info", masker.mask("for_each " + id + ": " + rows.size() + " row(s) read: " + json), null);
        });
    }

    /** Rolls every target's transaction back and says so, with what a rollback cannot give back. */
    private static RunSummary endRehearsal(RunSummary summary, java.util.Set<String> notRehearsed,
                                           TargetConnections connections, RunJournal journal, RunOptions options,
                                           SecretMasker masker) {
        TargetConnections.RehearsalEnd end = connections.endRehearsal();
        for (String l : end.escaped()) {
            journal.log("error", masker.mask(l), null);
            options.progress().message("error", masker.mask(l), true);
        }
        for (String l : end.left()) {
            journal.log("warn", masker.mask(l), null);
            options.progress().message("warn", masker.mask(l), true);
        }
        String untried = notRehearsed.isEmpty() ? "" : "; not rehearsed: " + String.join(", ", new java.util.TreeSet<>(notRehearsed));
        if (!end.escaped().isEmpty()) {
            // Not "unchanged": what ran before the commit may be on the target, and someone has to look.
            return new RunSummary(RunOutcome.ROLLBACK_FAILED, "rehearsal: " + summary.text() + untried
                    + "; the rehearsal's transaction was committed or replaced", String.join("; ", end.escaped()));
        }
        String state = dev.runbook.journal.Journal.REHEARSAL_DETAIL
                + (end.left().isEmpty() ? "" : "; " + String.join("; ", end.left()));
        return new RunSummary(summary.outcome(), "rehearsal: " + summary.text() + untried, state);
    }

    private RunSummary execute(RunSession s) {
        if (s.options.resume() != null && s.options.resume().rollback()) return finishRollback(s);
        PreconditionChecker.Verdict pre = new PreconditionChecker(s).checkAll();
        if (!pre.halting().isEmpty() || !pre.skipping().isEmpty() || s.cancellation.stopped()) {
            String reason = !pre.halting().isEmpty() ? "not run: precondition " + String.join(", ", pre.halting()) + " failed"
                    : !pre.skipping().isEmpty() ? "not run: precondition " + String.join(", ", pre.skipping())
                    + " asks to skip the runbook" : "not run: " + s.cancellation.stopReason();
            skipRest(s, 0, reason);
            if (!pre.halting().isEmpty()) return RunSummary.preconditionFailed(pre.halting());
            if (!pre.skipping().isEmpty()) return RunSummary.skipped(pre.skipping());
            if (s.targets.knownLostLock().isPresent()) return RunSummary.lockLost(s.targets.knownLostLock().get(), List.of(),
                    TargetState.read(s, List.of(), List.of()));
            return RunSummary.stoppedBeforeSteps(s.cancellation.stopReason());
        }
        StepExecutor steps = new StepExecutor(s);
        List<PlannedStep> completed = new ArrayList<>();
        List<PlannedStep> unchanged = new ArrayList<>();
        List<StepRecord> failures = new ArrayList<>();
        PlannedStep failed = null;
        FailurePolicy policy = null;
        dev.runbook.model.RollbackScope scope = dev.runbook.model.RollbackScope.CHECKPOINT;
        List<PlannedStep> all = s.plan.steps();
        for (int i = 0; i < all.size(); i++) {
            PlannedStep step = all.get(i);
            noticeInterrupt(s);
            s.lockLost();
            if (s.cancellation.stopped()) {
                policy = policyOf(step) == FailurePolicy.ROLLBACK ? FailurePolicy.ROLLBACK : FailurePolicy.ABORT;
                scope = step.rollbackScope();
                skipRest(s, i, "not run: the run was stopped (" + s.cancellation.stopReason() + ")");
                break;
            }
            RunOptions.ResumePoint resume = s.options.resume();
            if (resume != null && resume.completedSteps().contains("step/" + step.id())) {
                // Done by the run this one resumes: not again, but still this change's to compensate.
                steps.completedEarlier(step, s.stepPosition(i), resume.runId());
                completed.add(step);
                continue;
            }
            if (waitsForApproval(s, step)) {
                // Nobody can answer here: stop cleanly before it, keep what is done, and say how to go on.
                String why = "waiting for approval: runbook approve " + s.context.runId() + " " + step.id()
                        + " --reason TEXT, then runbook resume " + s.context.runId();
                skipRest(s, i, why);
                s.say("warn", "step " + step.id() + " needs an approval and this run is not interactive; " + why, null, true);
                return RunSummary.awaitingApproval(step.id(), s.context.runId(), completed);
            }
            StepRecord rec = steps.execute(step, s.stepPosition(i));
            noticeInterrupt(s);
            if (rec.ok()) completed.add(step);
            if (rec.unchanged()) unchanged.add(step);
            if (!rec.failed()) continue;
            failures.add(rec);
            FailurePolicy p = policyOf(step);
            if (p == FailurePolicy.CONTINUE && !s.cancellation.stopped()) {
                s.say("warn", "step " + step.id() + " failed; going on (on_failure: continue)", "step/" + step.id(), false);
                continue;
            }
            failed = step;
            scope = step.rollbackScope();
            policy = p == FailurePolicy.CONTINUE ? FailurePolicy.ABORT : p;
            skipRest(s, i + 1, s.cancellation.stopped()
                    ? "not run: the run was stopped (" + s.cancellation.stopReason() + ")"
                    : "not run: step " + step.id() + " failed (on_failure: " + p.word() + ")");
            break;
        }
        java.util.Optional<String> lockLost = s.targets.knownLostLock()
                .map(why -> why + s.targets.unrecorded().map(u -> "; " + u).orElse(""));
        if (lockLost.isPresent()) {
            // Another run may be active on the target now: compensating would interleave with it as much as going on.
            s.say("error", lockLost.get() + "; stopped at once, nothing was rolled back", null, true);
            return RunSummary.lockLost(lockLost.get(), completed, TargetState.read(s, completed, List.of()));
        }
        boolean stopped = s.cancellation.stopped();
        String stopReason = s.cancellation.stopReason();
        boolean timedOut = s.cancellation.runTimedOut();
        Compensator.Result rollback = null;
        if (policy == FailurePolicy.ROLLBACK && s.options.rehearse()) {
            // The transaction rollback at the end undoes every rehearsed step; compensations would act on nothing.
            s.say("info", "rehearsal: rollback bodies are not run; the rehearsal's transaction is rolled back instead",
                    null, false);
            policy = FailurePolicy.ABORT;
        }
        if (policy == FailurePolicy.ROLLBACK) {
            Thread.interrupted();
            s.cancellation.beginCompensation();
            String why = failed != null ? "step " + failed.id() + " failed" : "the run was stopped (" + stopReason + ")";
            rollback = new Compensator(s, steps).compensate(completed, failed, why, scope);
        }
        TargetState state = TargetState.read(s, completed, rollback == null ? List.of() : rollback.done());
        return RunSummary.ofSteps(all.size(), completed, unchanged, failures, failed,
                stopped && !timedOut ? stopReason : null, timedOut ? stopReason : null, rollback, state);
    }

    /**
     * Resumes a run that was cut off while compensating: runs the rollbacks it had not finished, newest step first,
     * and nothing else (its preconditions held for the run being undone; no step runs again).
     */
    private RunSummary finishRollback(RunSession s) {
        RunOptions.ResumePoint resume = s.options.resume();
        List<PlannedStep> completed = s.plan.steps().stream()
                .filter(st -> resume.completedSteps().contains("step/" + st.id())).toList();
        skipRest(s, 0, "not run: this run only finishes the interrupted rollback of run " + resume.runId());
        Compensator.Result rollback = new Compensator(s, new StepExecutor(s)).compensate(completed, null,
                "finishing the interrupted rollback of run " + resume.runId(), dev.runbook.model.RollbackScope.ALL);
        return RunSummary.rollbackFinished(resume.runId(), rollback, TargetState.read(s, List.of(), rollback.done()));
    }

    /** An approval step this run will reach and nobody can answer: approved neither now nor before, no console. */
    private static boolean waitsForApproval(RunSession s, PlannedStep step) {
        return step.action() instanceof dev.runbook.plan.PlannedAction.Approval && !s.options.rehearse()
                && !(step.decision() instanceof dev.runbook.plan.Decision.Skip) && !s.options.canAnswer(step.id());
    }

    private static FailurePolicy policyOf(PlannedStep step) {
        return step.onFailure() == null ? FailurePolicy.ABORT : step.onFailure();
    }

    private static void noticeInterrupt(RunSession s) {
        if (Thread.interrupted()) s.cancellation.stop("interrupted");
    }

    private static void skipRest(RunSession s, int from, String reason) {
        List<PlannedStep> all = s.plan.steps();
        for (int i = from; i < all.size(); i++) {
            int position = s.stepPosition(i);
            s.journal.itemSkipped(StepExecutor.item(all.get(i), position), s.masker.mask(reason));
            s.progress().itemFinished(position, s.total, "step/" + all.get(i).id(), "skipped", Duration.ZERO,
                    s.masker.mask(reason));
        }
    }

    private static SecretMasker masker(Plan plan) {
        List<String> secrets = new ArrayList<>(plan.secrets() == null ? List.of() : plan.secrets());
        for (ResolvedParam p : plan.params().values()) if (p.secret() && p.value() != null) secrets.add(String.valueOf(p.value()));
        for (PlannedTarget t : plan.targets().values()) {
            if (t.settings().get("password") != null) secrets.add(t.settings().get("password"));
        }
        return new SecretMasker(secrets);
    }

    private static Map<String, Object> runVars(Plan plan, RunOptions options, String runId, Path runDir) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("dir", runDir.toAbsolutePath().toString());
        // Steps a resumed run skips wrote their backups into the folder of the run that ran them: a rollback in
        // the resumed run must read them from there, not from its own new folder.
        Path first = options.resume() != null && options.resume().firstDir() != null ? options.resume().firstDir() : runDir;
        run.put("first_dir", first.toAbsolutePath().toString());
        run.put("operator", options.operator());
        run.put("ticket", plan.ticket());
        run.put("runbook", plan.runbookId());
        return run;
    }

    /** targets.NAME.{name, engine, display, url}: url is what client tools (psql, curl) accept. */
    private static Map<String, Object> targetVars(Plan plan, TargetConnections connections) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PlannedTarget t : plan.targets().values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", t.name());
            v.put("engine", t.engine());
            v.put("display", t.display());
            String url = t.settings().get("url");
            if (t.isDatabase()) {
                try {
                    url = connections.spec(t.name()).clientUrl();
                } catch (StepFailure e) {
                    url = null;
                }
            }
            v.put("url", url);
            out.put(t.name(), v);
        }
        return out;
    }

    private static void closeQuietly(EventSink sink) {
        try {
            sink.close();
        } catch (IOException ignored) {
            // Every event was already synced when it was appended.
        }
    }
}
