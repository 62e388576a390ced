package dev.runbook.exec;

import dev.runbook.plan.PlannedPrecondition;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates every precondition before any step (judged by {@link PreconditionJudge}, as {@code plan --connect}
 * does), journaling each; none can change a target. The verdict says which halt the run (exit 3) and which skip
 * the whole runbook.
 */
final class PreconditionChecker {
    private final RunSession s;

    PreconditionChecker(RunSession session) {
        this.s = session;
    }

    /** Names of the preconditions that failed, by what their on_fail asks for. */
    record Verdict(List<String> halting, List<String> skipping, List<String> warnings) {}

    Verdict checkAll() {
        List<String> halting = new ArrayList<>();
        List<String> skipping = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PlannedPrecondition pc : s.plan.preconditions()) {
            if (s.lockLost() || s.cancellation.stopped()) break;
            int position = pc.index();
            Item item = new Item("precondition/" + position, Kind.PRECONDITION, pc.name(), pc.kind().word(), pc.target(),
                    position, null, pc.preview());
            long start = System.nanoTime();
            s.journal.itemStarted(item, 1);
            s.progress().itemStarted(position, s.total, item.key(), pc.name());
            if (pc.sql() != null) s.detail("precondition/" + position, pc.sql().text());
            PreconditionJudge.Judgement judged = s.judge.judge(pc, s.context);
            ActionResult result = judged.result();
            Expectations.Verdict verdict = judged.verdict();
            String problem = judged.problem();
            ErrorInfo error = judged.error();
            ItemStatus status = ItemStatus.OK;
            String reason = null;
            if (problem != null) {
                reason = s.masker.mask("precondition '" + pc.name() + "' not met: " + problem);
                switch (pc.onFail()) {
                    case WARN -> { status = ItemStatus.WARNED; warnings.add(pc.name()); }
                    case SKIP -> { status = ItemStatus.SKIPPED; skipping.add(pc.name()); }
                    default -> { status = ItemStatus.FAILED; halting.add(pc.name()); }
                }
                if (error != null) error = error.withMessage(s.masker.mask(error.message()));
            }
            s.journal.itemFinished(item.key(), 1, status, reason, SessionTime.ms(start),
                    verdict == null ? null : verdict.expected(), verdict == null ? null : verdict.actual(), result, error);
            s.progress().itemFinished(position, s.total, item.key(), status.word(), SessionTime.since(start), reason);
        }
        return new Verdict(halting, skipping, warnings);
    }
}
