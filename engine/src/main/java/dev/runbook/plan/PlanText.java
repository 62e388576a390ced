package dev.runbook.plan;

import dev.runbook.diag.Diagnostic;
import dev.runbook.reports.text.Printable;
import dev.runbook.text.HumanDuration;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/** The dry run as a person reads it at a glance; colour only when {@code ansi} is on (a TTY). */
public final class PlanText {
    private PlanText() {}

    public static String render(Plan plan, SecretMasker masker, Ansi ansi) {
        StringBuilder sb = new StringBuilder();
        sb.append(ansi.string("@|bold PLAN|@ ")).append(Printable.of(plan.runbookId()))
                .append(plan.title() == null ? "" : " — " + Printable.of(plan.title())).append('\n');
        if (plan.description() != null && !plan.description().isBlank()) {
            indent(sb, shown(masker, plan.description().strip()), "  ");
        }
        line(sb, "environment", (plan.environment() == null ? "(none)" : plan.environment()) + (plan.production() ? "  [production]" : ""));
        line(sb, "ticket", plan.ticket() == null || plan.ticket().isBlank() ? "(none)" : shown(masker, plan.ticket()));
        line(sb, "plan hash", plan.hash());
        for (PlannedTarget t : plan.targets().values()) {
            line(sb, "target " + t.name(), shown(masker, t.display()) + (t.treatment().isEmpty() ? "" : "  (" + t.treatment() + ")"));
        }
        for (ResolvedParam p : plan.params().values()) {
            line(sb, "param " + p.name(), (p.secret() ? SecretMasker.MASK : shown(masker, String.valueOf(p.value()))) + "  (" + p.source() + ")");
        }
        if (!plan.policies().isEmpty()) {
            sb.append('\n').append(ansi.string("@|bold Policy|@")).append('\n');
            for (PolicyCheck p : plan.policies()) {
                sb.append("  ").append(p.satisfied() ? ansi.string("@|green ok     |@") : ansi.string("@|red MISSING|@"))
                        .append(' ').append(p.name()).append(": ").append(shown(masker, p.detail())).append('\n');
            }
        }
        if (!plan.preconditions().isEmpty()) {
            sb.append('\n').append(ansi.string("@|bold Preconditions|@ (evaluated at run time, before any change)")).append('\n');
            for (PlannedPrecondition p : plan.preconditions()) {
                sb.append(String.format("  %2d. %s  [%s%s]%n", p.index(), Printable.of(p.name()), p.kind().word(),
                        p.target() == null ? "" : " on " + p.target()));
                indent(sb, shown(masker, p.preview()), "        ");
                if (p.expect() != null) sb.append("        expect: ").append(Printable.of(String.valueOf(p.expect()))).append('\n');
            }
        }
        sb.append('\n').append(ansi.string("@|bold Steps|@")).append('\n');
        // Markup and format strings cost per step; a 10,000-step plan is printed in one pass without either.
        String run = style(ansi, "green", "RUN");
        String skipWord = style(ansi, "yellow", "SKIP");
        String runIf = style(ansi, "cyan", "RUN IF");
        String noteWord = style(ansi, "yellow", "note:");
        List<String> compensations = Compensation.forPlan(plan.steps());
        for (int at = 0; at < plan.steps().size(); at++) {
            PlannedStep s = plan.steps().get(at);
            String verdict;
            if (s.decision() instanceof Decision.Skip skip) verdict = skipWord + " (" + Printable.of(skip.reason()) + ")";
            else if (s.decision() instanceof Decision.AtRunTime rt) verdict = runIf + " " + Printable.of(String.valueOf(rt.expression()));
            else verdict = run;
            sb.append("  ");
            if (s.index() < 10) sb.append(' ');
            sb.append(s.index()).append(". ").append(style(ansi, "bold", s.id())).append("  ").append(verdict)
                    .append("  [").append(s.kind()).append(s.target() == null ? "" : " on " + s.target()).append("]\n");
            if (s.title() != null) sb.append("      ").append(Printable.of(s.title())).append('\n');
            if (s.description() != null && !s.description().isBlank()) {
                indent(sb, shown(masker, s.description().strip()), "      # ");
            }
            indent(sb, shown(masker, s.action().preview()), "      | ");
            StringBuilder opts = new StringBuilder("on failure: " + s.onFailure().word());
            if (s.retry().attempts() > 1) {
                opts.append(", retry: ").append(s.retry().attempts()).append(" attempts every ").append(HumanDuration.of(s.retry().delay()));
            }
            if (s.timeout() != null) opts.append(", timeout: ").append(HumanDuration.of(s.timeout()));
            if (s.lockTimeout() != null) opts.append(", lock_timeout: ").append(HumanDuration.of(s.lockTimeout()));
            if (s.expect() != null) opts.append(", expect: ").append(Printable.of(String.valueOf(s.expect())));
            if (s.action() instanceof PlannedAction.Sql sql && sql.sql().expectAffectedText() != null) {
                opts.append(", expect_affected: ").append(Printable.of(sql.sql().expectAffectedText()));
            }
            if (s.once()) opts.append(", once");
            if (s.restartsTarget() != null) {
                opts.append(", restarts target ").append(s.restartsTarget()).append(" (its run lock is re-taken and verified after)");
            }
            if (s.backup()) opts.append(", backup");
            if (s.checkpoint()) opts.append(", checkpoint");
            sb.append("      ").append(opts).append('\n');
            String compensation = compensations.get(at);
            if (compensation != null) sb.append("      ").append(Printable.of(compensation)).append('\n');
            if (s.action() instanceof PlannedAction.Shell sh && !sh.env().isEmpty()) {
                sh.env().forEach((k, v) -> sb.append("      env ").append(k).append('=')
                        .append(shown(masker, v == null ? "" : v.raw())).append('\n'));
            }
            if (s.rollback() != null) {
                // The whole compensation: a reviewer approves what would undo the step, not its first line.
                sb.append("      rollback (").append(s.rollback().action().kind()).append("):\n");
                indent(sb, shown(masker, s.rollback().action().preview()), "      ↩ ");
            }
            for (String note : s.notes()) sb.append("      ").append(noteWord).append(' ').append(Printable.of(note)).append('\n');
        }
        if (!plan.warnings().isEmpty()) {
            sb.append('\n').append(ansi.string("@|bold Warnings|@")).append('\n');
            for (Diagnostic d : plan.warnings()) sb.append("  ").append(shown(masker, d.render()).replace("\n", "\n  ")).append('\n');
        }
        long runs = plan.steps().stream().filter(s -> s.decision() instanceof Decision.Run).count();
        long skips = plan.steps().stream().filter(s -> s.decision() instanceof Decision.Skip).count();
        long rollbacks = plan.steps().stream().filter(s -> s.rollback() != null).count();
        sb.append('\n').append(String.format("%d preconditions, %d steps: %d run, %d skipped, %d decided at run time; %d rollbacks declared%n",
                plan.preconditions().size(), plan.steps().size(), runs, skips, plan.steps().size() - runs - skips, rollbacks));
        return sb.toString();
    }

    /** Masked, and with control characters escaped: a param or title must not drive the terminal. */
    private static String shown(SecretMasker masker, String text) {
        return Printable.text(masker.mask(text));
    }

    private static String style(Ansi ansi, String style, String text) {
        return ansi.enabled() ? ansi.string("@|" + style + " " + text + "|@") : text;
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-16s %s%n", key, value));
    }

    private static void indent(StringBuilder sb, String text, String prefix) {
        if (text == null || text.isBlank()) return;
        for (String l : text.strip().split("\n")) sb.append(prefix).append(l).append('\n');
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i) + " ...";
    }
}
