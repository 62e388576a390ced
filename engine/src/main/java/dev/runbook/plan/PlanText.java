package dev.runbook.plan;

import dev.runbook.reports.text.Printable;
import picocli.CommandLine.Help.Ansi;

/** The dry run as a person reads it at a glance; colour only when {@code ansi} is on (a TTY). */
public final class PlanText {
    private PlanText() {}

    public static String render(Plan plan, SecretMasker masker, Ansi ansi) {
        return render(PlanViews.of(plan, masker), ansi);
    }

    /** The view as text; values are masked already, control characters are escaped here. */
    public static String render(PlanView view, Ansi ansi) {
        StringBuilder sb = new StringBuilder();
        sb.append(ansi.string("@|bold PLAN|@ ")).append(Printable.of(view.runbookId()))
                .append(view.title() == null ? "" : " — " + Printable.of(view.title())).append('\n');
        if (view.description() != null) indent(sb, shown(view.description()), "  ");
        for (PlanView.Fact f : view.header()) line(sb, f.label(), shown(f.value()));
        if (!view.policies().isEmpty()) {
            sb.append('\n').append(ansi.string("@|bold Policy|@")).append('\n');
            for (PlanView.Policy p : view.policies()) {
                sb.append("  ").append(p.satisfied() ? ansi.string("@|green ok     |@") : ansi.string("@|red MISSING|@"))
                        .append(' ').append(p.name()).append(": ").append(shown(p.detail())).append('\n');
            }
        }
        if (!view.preconditions().isEmpty()) {
            sb.append('\n').append(ansi.string("@|bold Preconditions|@ (evaluated at run time, before any change)")).append('\n');
            for (PlanView.Item p : view.preconditions()) {
                sb.append(p.index() < 10 ? "   " : "  ").append(p.index()).append(". ").append(Printable.of(p.id()))
                        .append("  [").append(p.where()).append("]\n");
                indent(sb, shown(p.body().text()), "        ");
                for (PlanView.Fact f : p.options()) sb.append("        ").append(shown(f.joined())).append('\n');
                for (PlanView.Fact f : p.facts()) sb.append("        ").append(shown(f.joined())).append('\n');
            }
        }
        sb.append('\n').append(ansi.string("@|bold Steps|@")).append('\n');
        // Markup and format strings cost per step; a 10,000-step plan is printed in one pass without either.
        String run = style(ansi, "green", "RUN");
        String skipWord = style(ansi, "yellow", "SKIP");
        String runIf = style(ansi, "cyan", "RUN IF");
        String noteWord = style(ansi, "yellow", "note:");
        for (PlanView.Item s : view.steps()) {
            String verdict = switch (s.verdict().word()) {
                case "SKIP" -> skipWord + " (" + Printable.of(s.verdict().detail()) + ")";
                case "RUN IF" -> runIf + " " + Printable.of(s.verdict().detail());
                default -> run;
            };
            sb.append("  ");
            if (s.index() < 10) sb.append(' ');
            sb.append(s.index()).append(". ").append(style(ansi, "bold", s.id())).append("  ").append(verdict)
                    .append("  [").append(s.where()).append("]\n");
            if (s.title() != null) sb.append("      ").append(Printable.of(s.title())).append('\n');
            if (s.description() != null) indent(sb, shown(s.description()), "      # ");
            indent(sb, shown(s.body().text()), "      | ");
            sb.append("      ").append(shown(joined(s.options()))).append('\n');
            for (PlanView.Fact f : s.facts()) sb.append("      ").append(shown(f.joined())).append('\n');
            if (s.rollback() != null) {
                // The whole compensation: a reviewer approves what would undo the step, not its first line.
                PlanView.Rollback r = s.rollback();
                sb.append("      rollback (").append(r.where()).append(r.options().isEmpty() ? "" : "; " + shown(joined(r.options())))
                        .append("):\n");
                indent(sb, shown(r.body().text()), "      ↩ ");
                for (PlanView.Fact f : r.facts()) sb.append("      ↩ ").append(shown(f.joined())).append('\n');
            }
            for (String note : s.notes()) sb.append("      ").append(noteWord).append(' ').append(Printable.of(note)).append('\n');
        }
        if (!view.warnings().isEmpty()) {
            sb.append('\n').append(ansi.string("@|bold Warnings|@")).append('\n');
            for (PlanView.Warning w : view.warnings()) sb.append("  ").append(shown(w.rendered()).replace("\n", "\n  ")).append('\n');
        }
        sb.append('\n').append(view.summary()).append('\n');
        return sb.toString();
    }

    private static String joined(java.util.List<PlanView.Fact> facts) {
        StringBuilder sb = new StringBuilder();
        for (PlanView.Fact f : facts) sb.append(sb.length() == 0 ? "" : ", ").append(f.joined());
        return sb.toString();
    }

    /** Masked, and with control characters escaped: a param or title must not drive the terminal. */
    private static String shown(String text) {
        return Printable.text(text);
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
}
