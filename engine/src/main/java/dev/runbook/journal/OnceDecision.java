package dev.runbook.journal;

import java.util.Optional;

/**
 * What to do with a {@code once: true} step, from its last application in the journal and its checksum
 * now: run it, skip it as already applied, or refuse because it changed since (unless {@code --allow-changed}).
 */
public sealed interface OnceDecision permits OnceDecision.Run, OnceDecision.AlreadyApplied, OnceDecision.Changed {

    /** One sentence for the event log and report ({@code item.skipped} reason or the refusal). */
    String reason();

    /** Never applied (or rolled back since), or changed and re-applied on purpose. */
    record Run(String reason) implements OnceDecision {}

    /** Applied before with the same checksum: skip with this reason. */
    record AlreadyApplied(OnceApplication previous, String reason) implements OnceDecision {}

    /** Applied before with another checksum and not allowed to re-apply: the step fails without running. */
    record Changed(OnceApplication previous, String checksum, String reason) implements OnceDecision {}

    static OnceDecision decide(String stepId, Optional<OnceApplication> last, String checksum, boolean allowChanged) {
        if (last.isEmpty()) return new Run("not applied before");
        OnceApplication p = last.get();
        String when = "run " + p.runId() + (p.appliedAt() == null ? "" : " on " + p.appliedAt());
        if (p.checksum() != null && p.checksum().equals(checksum)) {
            return new AlreadyApplied(p, "already applied by " + when);
        }
        if (allowChanged) {
            return new Run("applied by " + when + " with checksum " + p.checksum() + "; re-applied because it changed"
                    + " and --allow-changed was given");
        }
        return new Changed(p, checksum, "once step '" + stepId + "' was applied by " + when + " with checksum "
                + p.checksum() + ", but it is now " + checksum + "; review the change, then pass --allow-changed to apply"
                + " it again");
    }

    /** Looks the step up in {@code journal} and decides; the executor's one call per {@code once} step. */
    static OnceDecision check(Journal journal, String runbookId, String stepId, String checksum, boolean allowChanged) {
        return decide(stepId, journal.appliedOnce(runbookId, stepId), checksum, allowChanged);
    }
}
