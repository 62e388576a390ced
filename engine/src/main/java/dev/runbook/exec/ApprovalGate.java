package dev.runbook.exec;

import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedStep;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An approval step: already approved on the command line ({@code --approve}), or asked at the console;
 * records who approved and when. Non-interactive runs were checked for approvals before they started.
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
            return ActionResult.of(StepExecutor.captures("approved", true, "by", a.by(), "at",
                    a.at().truncatedTo(ChronoUnit.SECONDS).toString(), "via", "runbook approve", "reason", a.reason()));
        }
        if (s.options.prompter() == null) {
            throw new StepFailure(FailureKind.INVALID, "step " + step.id() + " needs an approval and nobody can answer;"
                    + " pass --approve " + step.id());
        }
        String prompt = approval.prompt() == null ? "approve step " + step.id() + "?" : approval.prompt();
        boolean yes = s.options.prompter().approve(step.id(), s.masker.mask(prompt),
                StepExecutor.following(s.plan.steps(), step, 5).stream().map(s.masker::mask).toList());
        String when = Instant.now(s.options.clock()).truncatedTo(ChronoUnit.SECONDS).toString();
        if (!yes) {
            throw new StepFailure(FailureKind.INVALID, "not approved: " + s.options.operator() + " declined step "
                    + step.id() + " at " + when);
        }
        return ActionResult.of(StepExecutor.captures("approved", true, "by", s.options.operator(), "at", when,
                "via", "console", "reason", s.options.reason()));
    }
}
