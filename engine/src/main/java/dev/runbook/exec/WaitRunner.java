package dev.runbook.exec;

import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedCheck;
import dev.runbook.plan.PlannedStep;
import dev.runbook.text.HumanDuration;
import java.time.Duration;
import java.util.Map;

/**
 * A {@code wait:} step: sleeps its duration, or polls its condition until it holds, in slices short enough that a
 * stop, the step timeout or the run timeout ends it at once. Between polls the step's connection is closed, so a
 * long wait holds neither a session nor a snapshot on the target.
 */
final class WaitRunner {
    private static final Duration SLICE = Duration.ofMillis(250);
    private static final Duration SAY_EVERY = Duration.ofSeconds(30);

    private final RunSession s;

    WaitRunner(RunSession session) {
        this.s = session;
    }

    ActionResult run(PlannedStep step, PlannedAction.Wait w, Item item, String target) throws StepFailure {
        long start = System.nanoTime();
        if (w.until() == null) {
            s.detail(item.key(), "waiting " + HumanDuration.of(w.duration()));
            pause(w.duration(), item, "of " + HumanDuration.of(w.duration()));
            return ActionResult.of(StepExecutor.captures("waited_ms", SessionTime.ms(start), "polls", 0));
        }
        PlannedCheck c = w.until();
        String on = c.target() != null ? c.target() : target;
        long deadline = start + w.timeout().toNanos();
        int polls = 0;
        while (true) {
            s.cancellation.check();
            ActionResult result;
            Expectations.Verdict v;
            try {
                result = s.sql.run(on, c.sql(), RunContext.withParams(s.context.vars(step, null), c.params()),
                        SqlRunner.Mode.PROBE);
                v = s.expectations.check(c.expect(), s.context.vars(step, result.captures()), result.captures());
            } catch (StepFailure f) {
                if (!notUpYet(f)) throw f;
                // A target being created, restored or started does not answer yet: that is "not yet", not a failure.
                result = null;
                String none = "no answer (" + f.getMessage() + ")";
                v = new Expectations.Verdict(false, String.valueOf(c.expect()), none, none);
            } finally {
                s.connections.discard(on);
            }
            polls++;
            if (v.ok()) {
                Map<String, Object> captures = new java.util.LinkedHashMap<>(result.captures());
                captures.put("waited_ms", SessionTime.ms(start));
                captures.put("polls", polls);
                return ActionResult.of(captures);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StepFailure(FailureKind.EXPECTATION, "'" + c.name() + "' still not true after "
                        + HumanDuration.of(w.timeout()) + " (" + polls + " polls; expected " + c.expect() + ", last "
                        + v.actual() + ")");
            }
            s.detail(item.key(), "poll " + polls + ": " + v.actual() + "; next in " + HumanDuration.of(w.every()));
            pause(Duration.ofNanos(Math.min(w.every().toNanos(), left)), item, "before poll " + (polls + 1));
        }
    }

    /**
     * A poll that could not reach its target: refused or dropped connection, a server starting up or shutting down
     * (SQLSTATE 57P*), or a database that does not exist yet (3D000).
     */
    private static boolean notUpYet(StepFailure f) {
        String state = f.sqlState();
        return f.kind() == FailureKind.CONNECTION || "3D000".equals(state) || (state != null && state.startsWith("57P"));
    }

    /** Sleeps, checking the run's cancellation every slice and saying where it is every half minute. */
    private void pause(Duration total, Item item, String what) throws StepFailure {
        long end = System.nanoTime() + total.toNanos();
        long nextSay = System.nanoTime() + SAY_EVERY.toNanos();
        while (true) {
            s.cancellation.check();
            long left = end - System.nanoTime();
            if (left <= 0) return;
            if (System.nanoTime() >= nextSay) {
                s.detail(item.key(), "waited " + HumanDuration.of(total.minusNanos(left)) + " " + what);
                nextSay += SAY_EVERY.toNanos();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(SLICE.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure(FailureKind.INTERRUPTED, "interrupted while waiting");
            }
        }
    }
}
