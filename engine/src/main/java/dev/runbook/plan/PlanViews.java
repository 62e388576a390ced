package dev.runbook.plan;

import dev.runbook.diag.Diagnostic;
import dev.runbook.plan.PlanView.Code;
import dev.runbook.plan.PlanView.Fact;
import dev.runbook.plan.PlanView.Item;
import dev.runbook.plan.PlanView.Verdict;
import dev.runbook.text.HumanDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Decides what a reviewer is shown of a plan ({@link PlanView}), every value passed through the masker once. */
public final class PlanViews {
    private final SecretMasker masker;

    private PlanViews(SecretMasker masker) {
        this.masker = masker;
    }

    public static PlanView of(Plan plan, SecretMasker masker) {
        return new PlanViews(masker).view(plan);
    }

    private PlanView view(Plan plan) {
        List<Fact> header = new ArrayList<>();
        header.add(new Fact("environment", (plan.environment() == null ? "(none)" : plan.environment())
                + (plan.production() ? "  [production]" : "")));
        header.add(new Fact("ticket", plan.ticket() == null || plan.ticket().isBlank() ? "(none)" : m(plan.ticket())));
        header.add(new Fact("plan hash", plan.hash()));
        if (plan.runTimeout() != null) header.add(new Fact("run timeout", HumanDuration.of(plan.runTimeout())));
        for (PlannedTarget t : plan.targets().values()) {
            header.add(new Fact("target " + t.name(), m(t.display()) + (t.treatment().isEmpty() ? "" : "  (" + t.treatment() + ")")));
        }
        for (ResolvedParam p : plan.params().values()) {
            header.add(new Fact("param " + p.name(), (p.secret() ? SecretMasker.MASK : m(String.valueOf(p.value())))
                    + "  (" + p.source() + ")"));
        }
        List<PlanView.Policy> policies = plan.policies().stream()
                .map(p -> new PlanView.Policy(p.name(), p.satisfied(), m(p.detail()))).toList();
        List<Item> preconditions = plan.preconditions().stream().map(this::precondition).toList();
        List<Item> steps = new ArrayList<>(plan.steps().size());
        List<String> compensations = Compensation.forPlan(plan.steps());
        for (int i = 0; i < plan.steps().size(); i++) steps.add(step(plan.steps(), i, compensations.get(i)));
        List<PlanView.Warning> warnings = new ArrayList<>();
        for (Diagnostic d : plan.warnings()) {
            warnings.add(new PlanView.Warning(d.position().toString(), m(d.message()), m(d.render())));
        }
        long runs = plan.steps().stream().filter(s -> s.decision() instanceof Decision.Run).count();
        long skips = plan.steps().stream().filter(s -> s.decision() instanceof Decision.Skip).count();
        long rollbacks = plan.steps().stream().filter(s -> s.rollback() != null).count();
        String summary = String.format(Locale.ROOT,
                "%d preconditions, %d steps: %d run, %d skipped, %d decided at run time; %d rollbacks declared",
                plan.preconditions().size(), plan.steps().size(), runs, skips, plan.steps().size() - runs - skips, rollbacks);
        String description = plan.description() == null || plan.description().isBlank() ? null : m(plan.description().strip());
        return new PlanView(plan.runbookId(), plan.title(), description, List.copyOf(header), policies, preconditions,
                List.copyOf(steps), List.copyOf(warnings), summary);
    }

    private Item precondition(PlannedPrecondition p) {
        List<Fact> options = new ArrayList<>();
        if (p.expect() != null) options.add(new Fact("expect", m(p.expect())));
        // halt is the default and goes without saying; warn and skip change what a failed check means.
        if (p.onFail() != dev.runbook.model.Precondition.OnFail.HALT) {
            options.add(new Fact("on fail", p.onFail().name().toLowerCase(Locale.ROOT)));
        }
        List<Fact> facts = new ArrayList<>();
        if (p.kind() instanceof PlannedCondition.Library lib) {
            facts.add(new Fact("check", lib.check()));
            if (!lib.params().isEmpty()) facts.add(new Fact("params", params(lib.params())));
        }
        String language = p.sql() != null ? "sql" : "text";
        return new Item(p.index(), p.name(), null, null, p.kind().word(), p.target(),
                new Verdict("AT RUN TIME", null), new Code(language, m(p.preview())),
                List.copyOf(options), List.copyOf(facts), null, List.of(), false);
    }

    /** One step; the others are there for what its failure would compensate, which depends on the steps before it. */
    private Item step(List<PlannedStep> all, int at, String compensation) {
        PlannedStep s = all.get(at);
        Verdict verdict;
        if (s.decision() instanceof Decision.Skip skip) verdict = new Verdict("SKIP", m(skip.reason()));
        else if (s.decision() instanceof Decision.AtRunTime rt) verdict = new Verdict("RUN IF", m(rt.expression()));
        else verdict = new Verdict("RUN", null);
        List<Fact> options = new ArrayList<>();
        options.add(new Fact("on failure", s.onFailure().word()));
        if (s.retry().attempts() > 1) {
            options.add(new Fact("retry", s.retry().attempts() + " attempts every " + HumanDuration.of(s.retry().delay())
                    + (s.retry().backoff() != 1.0 ? " x" + s.retry().backoff() : "")));
        }
        if (s.timeout() != null) options.add(new Fact("timeout", HumanDuration.of(s.timeout())));
        if (s.lockTimeout() != null) options.add(new Fact("lock_timeout", HumanDuration.of(s.lockTimeout())));
        if (s.expect() != null) options.add(new Fact("expect", m(s.expect())));
        if (s.once()) options.add(new Fact("once", null));
        if (s.restartsTarget() != null) {
            options.add(new Fact("restarts target " + s.restartsTarget() + " (its run lock is re-taken and verified after)", null));
        }
        if (s.idempotent()) options.add(new Fact("idempotent", null));
        if (s.backup()) options.add(new Fact("backup", null));
        if (s.checkpoint()) options.add(new Fact("checkpoint", null));
        options.addAll(actionOptions(s.action()));
        List<Fact> facts = new ArrayList<>();
        if (compensation != null) {
            // One line from Compensation, the rule the run follows: what this step's failure would roll back.
            String prefix = "rollback_scope: ";
            facts.add(compensation.startsWith(prefix) ? new Fact("rollback_scope", m(compensation.substring(prefix.length())))
                    : new Fact(m(compensation), null));
        }
        if (s.item() != null) facts.add(new Fact("item", m(itemText(s.item()))));
        facts.addAll(actionFacts(s.action()));
        PlanView.Rollback rollback = null;
        if (s.rollback() != null) {
            PlannedRollback r = s.rollback();
            List<Fact> rOptions = new ArrayList<>(actionOptions(r.action()));
            if (r.timeout() != null) rOptions.add(new Fact("timeout", HumanDuration.of(r.timeout())));
            if (r.afterFailure()) rOptions.add(new Fact("also after this step fails", null));
            rollback = new PlanView.Rollback(r.action().kind(), r.target(), code(r.action()), List.copyOf(rOptions),
                    actionFacts(r.action()));
        }
        String description = s.description() == null || s.description().isBlank() ? null : m(s.description().strip());
        return new Item(s.index(), s.id(), s.title() == null ? null : m(s.title()), description, s.kind(), s.target(),
                verdict, code(s.action()), List.copyOf(options), List.copyOf(facts), rollback,
                s.notes().stream().map(this::m).toList(), s.changesTarget());
    }

    private Code code(PlannedAction a) {
        String language = a instanceof PlannedAction.Sql || a instanceof PlannedAction.Assert ? "sql"
                : a instanceof PlannedAction.Shell ? "sh" : "text";
        return new Code(language, m(a.preview()));
    }

    /** Settings of the body itself that sit on the options line. */
    private List<Fact> actionOptions(PlannedAction a) {
        List<Fact> out = new ArrayList<>();
        if (a instanceof PlannedAction.Sql sql) {
            if (sql.sql().expectAffectedText() != null) out.add(new Fact("expect_affected", m(sql.sql().expectAffectedText())));
            if (!sql.sql().transaction()) out.add(new Fact("transaction", "false"));
            if (sql.sql().statementTimeout() != null) {
                out.add(new Fact("statement_timeout", HumanDuration.of(sql.sql().statementTimeout())));
            }
        } else if (a instanceof PlannedAction.Shell sh && sh.expectExit() != 0) {
            out.add(new Fact("expect exit", String.valueOf(sh.expectExit())));
        } else if (a instanceof PlannedAction.Http h && h.timeout() != null) {
            out.add(new Fact("request timeout", HumanDuration.of(h.timeout())));
        }
        return out;
    }

    /** What the body reads besides its text: one fact a line (masked; env values as written in the runbook). */
    private List<Fact> actionFacts(PlannedAction a) {
        return a.accept(new PlannedAction.Visitor<List<Fact>, RuntimeException>() {
            public List<Fact> sql(PlannedAction.Sql x) {
                return x.sql().file() == null ? List.of() : List.of(new Fact("file", x.sql().file()));
            }

            public List<Fact> assertion(PlannedAction.Assert x) {
                List<Fact> out = new ArrayList<>();
                for (PlannedCheck c : x.checks()) out.addAll(check(c));
                return out;
            }

            public List<Fact> migrate(PlannedAction.Migrate x) {
                return List.of();
            }

            public List<Fact> http(PlannedAction.Http x) {
                List<Fact> out = new ArrayList<>();
                x.headers().forEach((k, v) -> out.add(new Fact("header", k + ": " + m(v == null ? "" : v.raw()))));
                if (x.body() != null) out.add(new Fact("body", m(x.body().raw())));
                if (x.json() != null) out.add(new Fact("json", m(String.valueOf(x.json()))));
                return out;
            }

            public List<Fact> shell(PlannedAction.Shell x) {
                List<Fact> out = new ArrayList<>();
                x.env().forEach((k, v) -> {
                    String written = v == null ? "" : v.raw();
                    String shown = x.envPreview().getOrDefault(k, written);
                    out.add(new Fact("env", k + "=" + m(shown) + (shown.equals(written) ? "" : "  (" + m(written) + ")")));
                });
                return out;
            }

            public List<Fact> approval(PlannedAction.Approval x) {
                return x.approvers() == null || x.approvers().isEmpty() ? List.of()
                        : List.of(new Fact("approvers", String.join(", ", x.approvers())));
            }

            public List<Fact> waiting(PlannedAction.Wait x) {
                return x.until() == null ? List.of() : check(x.until());
            }

            public List<Fact> manual(PlannedAction.Manual x) {
                return List.of(new Fact("done by hand", "when reached, these instructions are recorded for a person, the other rollbacks go on, and the run ends needing manual action (exit 4)"));
            }
        });
    }

    /** A library check's name and params; an inline check shows everything in its SQL. */
    private List<Fact> check(PlannedCheck c) {
        if (c.libraryCheck() == null) return List.of();
        List<Fact> out = new ArrayList<>();
        out.add(new Fact("check " + c.name(), "library check " + c.libraryCheck()
                + (c.params().isEmpty() ? "" : " with " + params(c.params()))));
        return out;
    }

    private String params(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + m(v)));
        return String.join(", ", parts);
    }

    /** A for_each item as written in YAML flow style would read: a scalar as is, a mapping or list as compact JSON. */
    private static String itemText(Object item) {
        if (!(item instanceof Map<?, ?> || item instanceof java.util.Collection<?>)) return String.valueOf(item);
        try {
            return JSON.writeValueAsString(item);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(item);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private String m(String s) {
        return masker.mask(s);
    }
}
