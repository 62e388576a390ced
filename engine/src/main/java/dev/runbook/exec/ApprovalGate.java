package dev.runbook.exec;

import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import java.time.Instant;
import java.util.List;
import java.time.temporal.ChronoUnit;

/**
 * An approval step: already approved on the command line ({@code --approve}), or asked at the console;
 * records who approved and when. A step {@code timeout} bounds the wait: an unanswered prompt, or an approval
 * recorded later than that after the run paused for it, fails the step as timed out.
 */
final class ApprovalGate {
    private final RunSession s;

    ApprovalGate(RunSession session) {
        this.s = session;
    }

    ActionResult ask(PlannedStep step, PlannedAction.Approval approval) throws StepFailure {
        String at = Instant.now(s.options.clock()).truncatedTo(ChronoUnit.SECONDS).toString();
        if (s.options.approved(step.id())) {
            return ActionResult.of(StepExecutor.captures("approved", true, "by", s.options.operator(), "at", at,
                    "via", "--approve", "reason", s.options.reason()));
        }
        var recorded = s.options.recordedApproval(step.id());
        if (recorded.isPresent()) {
            var a = recorded.get();
            if (step.timeout() != null && a.requestedAt() != null
                    && java.time.Duration.between(a.requestedAt(), a.at()).compareTo(step.timeout()) > 0) {
                throw new StepFailure(FailureKind.TIMEOUT, "the approval of step " + step.id() + " came too late: "
                        + a.by() + " approved it at " + a.at().truncatedTo(ChronoUnit.SECONDS) + ", more than its timeout"
                        + " of " + dev.runbook.text.HumanDuration.of(step.timeout()) + " after the run paused for it at "
                        + a.requestedAt().truncatedTo(ChronoUnit.SECONDS));
            }
            return ActionResult.of(StepExecutor.captures("approved", true, "by", a.by(), "at",
                    a.at().truncatedTo(ChronoUnit.SECONDS).toString(), "via", "runbook approve", "reason", a.reason()));
        }
        if (s.options.prompter() == null) {
            throw new StepFailure(FailureKind.INVALID, "step " + step.id() + " needs an approval and nobody can answer;"
                    + " pass --approve " + step.id());
        }
        String prompt = approval.prompt() == null ? "approve step " + step.id() + "?" : approval.prompt();
        List<String> following = StepExecutor.following(s.plan.steps(), step, 5).stream().map(s.masker::mask).toList();
        boolean yes = step.timeout() == null ? s.options.prompter().approve(step.id(), s.masker.mask(prompt), following)
                : answerWithin(step, s.masker.mask(prompt), following);
        String when = Instant.now(s.options.clock()).truncatedTo(ChronoUnit.SECONDS).toString();
        if (!yes) {
            throw new StepFailure(FailureKind.INVALID, "not approved: " + s.options.operator() + " declined step "
                    + step.id() + " at " + when);
        }
        return ActionResult.of(StepExecutor.captures("approved", true, "by", s.options.operator(), "at", when,
                "via", "console", "reason", s.options.reason()));
    }

    /**
     * Asks on another thread so that the step's attempt timer (its timeout) and a stop end the wait; an answer typed
     * after that is not read as this one. The console read itself cannot be cancelled, so its thread is a daemon.
     */
    private boolean answerWithin(PlannedStep step, String prompt, List<String> following) throws StepFailure {
        java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
        Thread asker = new Thread(() -> {
            try {
                answer.complete(s.options.prompter().approve(step.id(), prompt, following));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, "approval-prompt-" + step.id());
        asker.setDaemon(true);
        asker.start();
        while (true) {
            try {
                s.cancellation.check();
            } catch (StepFailure f) {
                if (f.kind() != FailureKind.TIMEOUT) throw f;
                throw new StepFailure(FailureKind.TIMEOUT, "no answer to the approval of step " + step.id() + " within its"
                        + " timeout of " + dev.runbook.text.HumanDuration.of(step.timeout()));
            }
            try {
                return answer.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not answered yet: look at the timer and a stop again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure(FailureKind.INTERRUPTED, "interrupted while waiting for an approval");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }
}
