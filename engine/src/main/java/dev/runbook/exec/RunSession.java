package dev.runbook.exec;

import dev.runbook.plan.SecretMasker;
import dev.runbook.expr.Expressions;
import dev.runbook.plan.Plan;


/** Everything one run shares between its phases: plan, options, journal, variables, runners. One per run. */
final class RunSession {
    final Plan plan;
    final RunOptions options;
    final SecretMasker masker;
    final RunJournal journal;
    final RunContext context;
    final Cancellation cancellation;
    final Expressions expressions;
    final Expectations expectations;
    final TargetConnections connections;
    final SqlRunner sql;
    final ShellRunner shell;
    final HttpRunner http;
    final MigrateRunner migrations;
    final PreconditionJudge judge;
    final TargetJournal targets;
    /** Steps a rehearsal could not try (their outputs are missing for later steps). */
    final java.util.Set<String> notRehearsed = new java.util.HashSet<>();
    final int total;

    RunSession(Plan plan, RunOptions options, SecretMasker masker, RunJournal journal, RunContext context,
               Cancellation cancellation, Expressions expressions, TargetConnections connections,
               TargetJournal targets) {
        this.plan = plan;
        this.options = options;
        this.masker = masker;
        this.journal = journal;
        this.context = context;
        this.cancellation = cancellation;
        this.expressions = expressions;
        this.expectations = new Expectations(expressions);
        this.connections = connections;
        this.sql = new SqlRunner(connections, cancellation, expressions);
        this.shell = new ShellRunner(cancellation, expressions, options.environmentVariables(), plan.baseDir());
        this.http = new HttpRunner(cancellation, expressions, plan.targets());
        this.migrations = new MigrateRunner(connections, options.rehearse());
        this.judge = new PreconditionJudge(sql, http, migrations, expressions, options.environmentVariables(), plan.baseDir());
        this.targets = targets;
        this.total = plan.preconditions().size() + plan.steps().size();
    }

    Progress progress() {
        return options.progress();
    }

    /** Position among top-level items of the step at {@code stepIndex} (0-based in the plan's step list). */
    int stepPosition(int stepIndex) {
        return plan.preconditions().size() + stepIndex + 1;
    }

    void detail(String key, String text) {
        if (options.verbose()) progress().detail(key, masker.mask(text));
    }

    /**
     * Checks that every target's run lock is still held; when one is not, stops the run (the current operation
     * is cancelled, no further item starts) and returns true. Never takes a lost lock again.
     */
    boolean lockLost() {
        java.util.Optional<String> why = targets.lostLock();
        why.ifPresent(cancellation::stop);
        return why.isPresent();
    }

    /** Logs to the journal and shows it; loud messages are shown even with --quiet. */
    void say(String level, String message, String key, boolean loud) {
        String masked = masker.mask(message);
        journal.log(level, masked, key);
        progress().message(level, masked, loud);
    }

}
