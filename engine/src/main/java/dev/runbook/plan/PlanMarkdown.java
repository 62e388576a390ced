package dev.runbook.plan;

/** The dry run as Markdown, for a change request or ticket comment. */
public final class PlanMarkdown {
    private PlanMarkdown() {}

    public static String render(Plan plan, SecretMasker masker) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Plan: ").append(plan.runbookId()).append(plan.title() == null ? "" : " — " + plan.title()).append("\n\n");
        sb.append("- **Environment:** ").append(plan.environment() == null ? "(none)" : plan.environment()).append('\n');
        sb.append("- **Ticket:** ").append(plan.ticket() == null ? "(none)" : masker.mask(plan.ticket())).append('\n');
        sb.append("- **Plan hash:** `").append(plan.hash()).append("`\n");
        for (PlannedTarget t : plan.targets().values()) {
            sb.append("- **Target ").append(t.name()).append(":** `").append(masker.mask(t.display())).append('`')
                    .append(t.treatment().isEmpty() ? "" : " (" + t.treatment() + ")").append('\n');
        }
        if (!plan.policies().isEmpty()) {
            sb.append("\n### Policy\n\n| policy | satisfied | detail |\n|---|---|---|\n");
            for (PolicyCheck p : plan.policies()) {
                sb.append("| ").append(p.name()).append(" | ").append(p.satisfied() ? "yes" : "**no**").append(" | ")
                        .append(cell(masker.mask(p.detail()))).append(" |\n");
            }
        }
        if (!plan.preconditions().isEmpty()) {
            sb.append("\n### Preconditions (evaluated at run time)\n\n");
            for (PlannedPrecondition p : plan.preconditions()) {
                sb.append(p.index()).append(". ").append(p.name()).append(" — `").append(p.kind().word()).append('`')
                        .append(p.expect() == null ? "" : ", expect `" + p.expect() + "`").append('\n');
            }
        }
        sb.append("\n### Steps\n\n| # | step | kind | decision | on failure | rollback |\n|---|---|---|---|---|---|\n");
        for (PlannedStep s : plan.steps()) {
            String decision = s.decision() instanceof Decision.Skip k ? "skip: " + k.reason() : s.decision().word();
            sb.append("| ").append(s.index()).append(" | ").append(cell(s.id())).append(" | ").append(s.kind()).append(" | ")
                    .append(cell(decision)).append(" | ").append(s.onFailure().word()).append(" | ")
                    .append(s.rollback() == null ? (s.changesTarget() ? "**none**" : "—") : s.rollback().action().kind())
                    .append(" |\n");
        }
        if (!plan.warnings().isEmpty()) {
            sb.append("\n### Warnings\n\n");
            plan.warnings().forEach(d -> sb.append("- `").append(d.position()).append("` ").append(masker.mask(d.message())).append('\n'));
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
