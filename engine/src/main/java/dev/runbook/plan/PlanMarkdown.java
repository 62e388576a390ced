package dev.runbook.plan;

import static dev.runbook.reports.render.MarkdownText.cellCode;
import static dev.runbook.reports.render.MarkdownText.code;
import static dev.runbook.reports.render.MarkdownText.fence;
import static dev.runbook.reports.render.MarkdownText.quote;
import static dev.runbook.reports.render.MarkdownText.text;

import java.util.List;

/**
 * The dry run as Markdown, for a change request or ticket comment: everything the text plan shows (it renders the same
 * {@link PlanView}), a table to skim first, then each precondition and step with its whole SQL, settings and rollback.
 */
public final class PlanMarkdown {
    private PlanMarkdown() {}

    public static String render(Plan plan, SecretMasker masker) {
        return render(PlanViews.of(plan, masker));
    }

    public static String render(PlanView view) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("## Plan: ").append(text(view.runbookId())).append(view.title() == null ? "" : " — " + text(view.title()))
                .append("\n\n**DRY RUN / PLAN**: nothing was executed; this is what a run would do.\n\n");
        if (view.description() != null) sb.append(quote(view.description())).append('\n');
        for (PlanView.Fact f : view.header()) {
            sb.append("- **").append(text(f.label())).append(":** ").append(code(f.value())).append('\n');
        }
        for (PlanView.Policy p : view.policies()) {
            // What would stop the run is read before anything else, as in the HTML report's "Read this first".
            if (!p.satisfied()) {
                sb.append("\n> **Note:** ").append(text("policy '" + p.name() + "' is not met: " + p.detail())).append('\n');
            }
        }
        if (!view.policies().isEmpty()) {
            sb.append("\n### Policy\n\n| policy | satisfied | detail |\n|---|---|---|\n");
            for (PlanView.Policy p : view.policies()) {
                sb.append("| ").append(text(p.name())).append(" | ").append(p.satisfied() ? "yes" : "**no**").append(" | ")
                        .append(cell(p.detail())).append(" |\n");
            }
        }
        if (!view.preconditions().isEmpty()) {
            sb.append("\n### Preconditions (evaluated at run time, before any change)\n");
            for (PlanView.Item p : view.preconditions()) {
                sb.append("\n#### ").append(p.index()).append(". ").append(text(p.id())).append(" — ")
                        .append(code(p.where())).append("\n\n");
                sb.append(fence(p.body().language(), p.body().text()));
                facts(sb, p.options(), p.facts());
            }
        }
        sb.append("\n### Steps\n\n| # | step | kind | decision | on failure | rollback |\n|---|---|---|---|---|---|\n");
        for (PlanView.Item s : view.steps()) {
            sb.append("| ").append(s.index()).append(" | ").append(cellCode(s.id())).append(" | ").append(cell(s.where()))
                    .append(" | ").append(cell(s.verdict().joined())).append(" | ").append(cell(onFailure(s))).append(" | ")
                    .append(s.rollback() != null ? cell(s.rollback().kind()) : s.changesTarget() ? "**none**" : "—")
                    .append(" |\n");
        }
        for (PlanView.Item s : view.steps()) step(sb, s);
        if (!view.warnings().isEmpty()) {
            sb.append("\n### Warnings\n\n");
            for (PlanView.Warning w : view.warnings()) {
                sb.append("- ").append(code(w.position())).append(' ').append(text(w.message())).append('\n');
            }
        }
        sb.append('\n').append(text(view.summary())).append('\n');
        return sb.toString();
    }

    private static void step(StringBuilder sb, PlanView.Item s) {
        sb.append("\n#### ").append(s.index()).append(". ").append(code(s.id())).append(" — ")
                .append(s.verdict().word().equals("RUN") ? "RUN" : "**" + s.verdict().word() + "**")
                .append(s.verdict().detail() == null ? "" : " " + code(s.verdict().detail()))
                .append(" — ").append(code(s.where())).append("\n\n");
        if (s.title() != null) sb.append("**").append(text(s.title())).append("**\n\n");
        if (s.description() != null) sb.append(quote(s.description())).append('\n');
        sb.append(fence(s.body().language(), s.body().text()));
        facts(sb, s.options(), s.facts());
        if (s.rollback() != null) {
            PlanView.Rollback r = s.rollback();
            sb.append("\nRollback (").append(code(r.where())).append("), if this step is to be compensated:\n\n");
            sb.append(fence(r.body().language(), r.body().text()));
            facts(sb, r.options(), r.facts());
        }
        if (!s.notes().isEmpty()) {
            sb.append('\n');
            for (String note : s.notes()) sb.append("- **note:** ").append(text(note)).append('\n');
        }
    }

    private static String onFailure(PlanView.Item s) {
        return s.options().stream().filter(f -> f.label().equals("on failure")).map(PlanView.Fact::value).findFirst().orElse("");
    }

    /** Settings then facts as one list (a blank line between would make Markdown start a second list). */
    private static void facts(StringBuilder sb, List<PlanView.Fact> options, List<PlanView.Fact> facts) {
        if (options.isEmpty() && facts.isEmpty()) return;
        sb.append('\n');
        for (List<PlanView.Fact> list : List.of(options, facts)) {
            for (PlanView.Fact f : list) {
                sb.append("- ").append(text(f.label())).append(f.value() == null ? "" : ": " + code(f.value())).append('\n');
            }
        }
    }

    /** A table cell: text() escapes the pipe that would split it. */
    private static String cell(String s) {
        return text(s);
    }
}
