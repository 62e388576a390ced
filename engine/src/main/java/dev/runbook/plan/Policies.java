package dev.runbook.plan;

import dev.runbook.model.EnvironmentPolicy;
import dev.runbook.model.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Evaluates an environment's policy against the planned steps and the invocation, item by item. */
final class Policies {
    private Policies() {}

    static List<PolicyCheck> evaluate(EnvironmentPolicy env, String ticket, List<PlannedStep> steps, Invocation inv,
                                      java.util.Map<String, PlannedTarget> targets) {
        List<PolicyCheck> out = new ArrayList<>();
        if (env.requireTicket()) {
            boolean present = ticket != null && !ticket.isBlank();
            boolean matches = present && (env.ticketPattern() == null || Pattern.compile(env.ticketPattern()).matcher(ticket).matches());
            out.add(new PolicyCheck("require_ticket", matches, !present ? "no ticket given"
                    : matches ? "ticket " + ticket : "ticket '" + ticket + "' does not match " + env.ticketPattern()));
        }
        for (String approval : env.requireApprovals()) {
            // The approval step is the gate: asked at a terminal, or the run waits there for `runbook approve`.
            boolean given = inv.approved(approval);
            PlannedStep gate = steps.stream().filter(s -> s.id().equals(approval)
                    && s.action() instanceof PlannedAction.Approval).findFirst().orElse(null);
            boolean asked = gate != null && !(gate.decision() instanceof Decision.Skip);
            // A skipped gate guards nothing when nothing after it changes a target (a dry run): not needed then.
            List<String> ungated = gate == null || asked ? List.of() : steps.stream()
                    .filter(s -> s.index() > gate.index() && s.changesTarget() && !(s.decision() instanceof Decision.Skip))
                    .map(PlannedStep::id).toList();
            boolean needless = gate != null && !asked && ungated.isEmpty();
            out.add(new PolicyCheck("require_approval " + approval, given || asked || needless, given
                    ? "approved on the command line"
                    : asked ? "asked at step " + approval + " when the run reaches it (without a terminal the run waits"
                    + " there for runbook approve)"
                    : needless ? "not needed: this plan skips approval step " + approval + " and no step after it changes"
                    + " a target"
                    : "approval step " + approval + " is skipped by this plan but " + String.join(", ", ungated)
                    + " after it still change" + (ungated.size() == 1 ? "s" : "") + " a target; pass --approve " + approval));
        }
        if (env.requireBackup()) {
            int firstMutating = -1;
            int firstBackup = -1;
            for (PlannedStep s : steps) {
                if (s.decision() instanceof Decision.Skip) continue;
                if (s.backup() && firstBackup < 0) firstBackup = s.index();
                if (s.changesTarget() && firstMutating < 0) firstMutating = s.index();
            }
            boolean ok = firstMutating < 0 || (firstBackup > 0 && firstBackup < firstMutating);
            out.add(new PolicyCheck("require_backup", ok, ok ? (firstBackup > 0 ? "backup at step " + firstBackup
                    : "no step changes the target") : "no backup step before step " + firstMutating));
        }
        gate(out, "destructive", env.destructive(), steps.stream().filter(PlannedStep::destructive).toList(), inv);
        gate(out, "seed", env.seed(), steps.stream().filter(PlannedStep::seed).toList(), inv);
        if (env.requireMaintenanceWindow()) {
            out.add(new PolicyCheck("require_maintenance_window", inv.maintenanceWindow(), inv.maintenanceWindow()
                    ? "--maintenance-window given" : "needs --maintenance-window"));
        }
        if (env.requireLockTimeout()) {
            List<String> missing = steps.stream().filter(s -> !(s.decision() instanceof Decision.Skip))
                    .filter(s -> s.lockTimeout() == null && changesSchema(s, targets)).map(PlannedStep::id).toList();
            out.add(new PolicyCheck("require_lock_timeout", missing.isEmpty(), missing.isEmpty()
                    ? "every step that changes the schema sets lock_timeout"
                    : String.join(", ", missing) + (missing.size() == 1 ? " changes" : " change")
                    + " the schema without lock_timeout: add e.g. lock_timeout: 5s and retry: {on: [lock_timeout]}"));
        }
        return out;
    }

    /** A migrate step, or a sql step with a DDL statement (in its target's dialect): what waits on table locks. */
    private static boolean changesSchema(PlannedStep s, java.util.Map<String, PlannedTarget> targets) {
        if (s.action() instanceof PlannedAction.Migrate) return true;
        if (!(s.action() instanceof PlannedAction.Sql sql)) return false;
        PlannedTarget t = s.target() == null ? null : targets.get(s.target());
        if (t == null || !t.isDatabase()) return false;
        dev.runbook.db.Dialect dialect = dev.runbook.db.Dialect.forEngine(t.engine());
        try {
            return dialect.split(sql.sql().text()).stream().anyMatch(st -> dialect.isDdl(st.text()));
        } catch (IllegalArgumentException e) {
            return true; // unsplittable SQL is not known to be safe
        }
    }

    private static void gate(List<PolicyCheck> out, String what, Gate gate, List<PlannedStep> marked, Invocation inv) {
        List<String> ids = marked.stream().filter(s -> !(s.decision() instanceof Decision.Skip)).map(PlannedStep::id).toList();
        if (ids.isEmpty() || gate == Gate.ALLOW) return;
        String list = String.join(", ", ids);
        if (gate == Gate.FORBID) {
            out.add(new PolicyCheck(what, false, what + " steps are forbidden here: " + list));
        } else {
            boolean reason = inv.reason() != null && !inv.reason().isBlank();
            out.add(new PolicyCheck(what, reason, reason ? list + " allowed with reason: " + inv.reason()
                    : list + (ids.size() == 1 ? " needs" : " need") + " --reason \"...\""));
        }
    }
}
