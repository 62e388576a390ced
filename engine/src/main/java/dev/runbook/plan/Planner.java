package dev.runbook.plan;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.Diagnostics;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.library.LibraryCheck;
import dev.runbook.library.ValidationLibrary;
import dev.runbook.model.Action;
import dev.runbook.model.Check;
import dev.runbook.model.Defaults;
import dev.runbook.model.EnvironmentPolicy;
import dev.runbook.model.Expr;
import dev.runbook.model.ForEach;
import dev.runbook.model.MigrateSpec;
import dev.runbook.model.ParamSpec;
import dev.runbook.model.Precondition;
import dev.runbook.model.Rollback;
import dev.runbook.model.Runbook;
import dev.runbook.model.SqlSource;
import dev.runbook.model.Step;
import dev.runbook.model.Target;
import dev.runbook.model.Template;
import dev.runbook.parse.MigrationFiles;
import dev.runbook.parse.PathGuard;
import dev.runbook.parse.SourceFiles;
import dev.runbook.parse.SourceSet;
import dev.runbook.text.Hashes;
import dev.runbook.validate.Fragment;
import dev.runbook.validate.ValidatedRunbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns a validated runbook and an invocation into the immutable {@link Plan}: params resolved and
 * checked, targets resolved, includes inlined, files read, run/skip decided where it can be, policies
 * evaluated, and the plan hash computed. Connects to nothing.
 */
public final class Planner {
    private final Expressions expressions;
    private final ValidationLibrary library = new ValidationLibrary();

    public Planner(Expressions expressions) {
        this.expressions = expressions;
    }

    /** Flags and counts that a secret-named variable may hold (SKIP_TOKEN_CHECK=true); masking them would hide every "true". */
    private static final Set<String> NOT_SECRETS = Set.of("", "true", "false", "yes", "no", "on", "off", "0", "1");

    /**
     * The values of environment variables named like secrets (PGPASSWORD, API_TOKEN, ...): a template may put one
     * into a shell command, a URL or an http header, and the plan, the log and the reports show those resolved.
     */
    static List<String> secretEnvironmentValues(Map<String, String> environment) {
        return environment.entrySet().stream()
                .filter(e -> dev.runbook.db.Redactor.isSecretKey(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && !NOT_SECRETS.contains(v.trim().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    /** @throws InvalidInputException with every problem when the invocation cannot be planned (exit 2) */
    public Plan plan(ValidatedRunbook validated, Invocation inv) {
        if (validated.hasErrors()) throw new InvalidInputException(validated.diagnostics());
        Runbook rb = validated.runbook();
        Diagnostics d = new Diagnostics();
        EnvironmentPolicy env = environment(rb, inv, d);
        if (env != null && env.lintAsError()) {
            // This environment's policy says lint findings (unmarked destructive SQL, no rollback...) block.
            validated.diagnostics().stream().filter(w -> !w.isError())
                    .forEach(w -> d.add(new Diagnostic(dev.runbook.diag.Severity.ERROR, w.code(), w.position(),
                            w.message() + " (environment '" + env.name() + "' treats lint as errors)", w.hint())));
        }
        Map<String, ResolvedParam> params = ParamResolver.resolve(rb.params(), inv, d);
        List<String> secrets = new ArrayList<>();
        params.values().stream().filter(ResolvedParam::secret).forEach(p -> secrets.add(String.valueOf(p.value())));
        secrets.addAll(secretEnvironmentValues(inv.environmentVariables()));
        PlanContext ctx = new PlanContext(rb, inv, env, params, expressions);
        Map<String, PlannedTarget> targets = new TargetResolver(expressions).resolve(rb.targets(), rb.baseDir(), inv, ctx.vars(), secrets, d);
        String ticket = ctx.interpolate(rb.ticket(), d);
        // The runbook's bytes as parsed (validation read them), not a second read: that is what the hash covers.
        Files files = new Files(validated.sources());
        files.add(rb.file().getFileName().toString(), rb.file());
        List<PlannedPrecondition> pres = new ArrayList<>();
        int n = 0;
        for (Precondition p : rb.preconditions()) pres.add(precondition(++n, p, rb, ctx, targets, files, d));
        List<PlannedStep> steps = new ArrayList<>();
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        for (Step s : rb.steps()) {
            Fragment f = validated.fragments().get(s.id());
            if (s.action() instanceof Action.Include inc && f != null) {
                files.add(displayOf(rb, f.file()), f.file());
                if (s.forEach() == null) {
                    include(s, inc, f, f.includeStepId(), null, steps, rb, ctx, targets, files, d);
                } else {
                    // Each iteration is the whole fragment again, its steps journaled as inc[key].step.
                    forEachIteration(s, ctx, inv, d, (key, item) -> include(s, inc, f, f.includeStepId() + "[" + key + "]",
                            item, steps, rb, ctx, targets, files, d));
                }
            } else if (s.forEach() != null && s.forEach().query() != null && !rowQuery(s, rb, targets, d)) {
                continue;
            } else if (s.forEach() != null && s.forEach().query() != null && !inv.rows().containsKey(s.id())) {
                steps.add(unread(steps.size() + 1, s, rb, ctx, targets, files));
            } else if (s.forEach() != null) {
                if (s.forEach().query() != null) rows.put(s.id(), inv.rows().get(s.id()));
                forEachIteration(s, ctx, inv, d, (key, item) -> steps.add(step(steps.size() + 1, "", s.id() + "[" + key + "]",
                        s, rb.baseDir(), ctx.paramValues(), item, new Decision.Run(), rb, ctx, targets, files, d)));
            } else {
                steps.add(step(steps.size() + 1, "", s, rb.baseDir(), ctx.paramValues(), new Decision.Run(), rb, ctx,
                        targets, files, d));
            }
        }
        if (d.hasErrors()) throw new InvalidInputException(d.sorted());
        List<PolicyCheck> policies = env == null ? List.of() : Policies.evaluate(env, ticket, steps, inv, targets);
        List<Diagnostic> warnings = new ArrayList<>(validated.diagnostics());
        d.sorted().stream().filter(w -> !w.isError()).forEach(warnings::add); // e.g. a short secret (RB313)
        String runbookChecksum = "sha256:" + files.sha(rb.file().getFileName().toString());
        String hash = PlanHash.compute(rb.id(), files.list(), params, inv.environment(), targets);
        return new Plan(Plan.VERSION, hash, rb.id(), rb.title(), rb.owner(), rb.description(), rb.pos().file(),
                runbookChecksum, rb.baseDir(), inv.environment(), env != null && isProduction(env), ticket,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params)), targets, List.copyOf(policies), List.copyOf(pres), List.copyOf(steps),
                List.copyOf(warnings), files.list(), rb.defaults().runTimeout(), List.copyOf(secrets),
                java.util.Collections.unmodifiableMap(rows));
    }

    /**
     * Resolves only the environment and the targets, for commands that read targets without running
     * anything ({@code history}, {@code resume}): params that no target uses may be left out.
     *
     * @throws InvalidInputException when the environment or a target cannot be resolved (exit 2)
     */
    public Map<String, PlannedTarget> targets(ValidatedRunbook validated, Invocation inv) {
        if (validated.hasErrors()) throw new InvalidInputException(validated.diagnostics());
        Runbook rb = validated.runbook();
        Diagnostics d = new Diagnostics();
        EnvironmentPolicy env = environment(rb, inv, d);
        // Param problems (a missing ticket, say) do not matter here; a target that needs a missing param fails below.
        Map<String, ResolvedParam> params = ParamResolver.resolve(rb.params(), inv, new Diagnostics());
        PlanContext ctx = new PlanContext(rb, inv, env, params, expressions);
        Map<String, PlannedTarget> targets = new TargetResolver(expressions).resolve(rb.targets(), rb.baseDir(), inv,
                ctx.vars(), new ArrayList<>(), d);
        if (d.hasErrors()) throw new InvalidInputException(d.sorted());
        return targets;
    }

    static boolean isProduction(EnvironmentPolicy env) {
        return env.production() || env.name().equalsIgnoreCase("prod") || env.name().equalsIgnoreCase("production");
    }

    private static EnvironmentPolicy environment(Runbook rb, Invocation inv, Diagnostics d) {
        if (rb.environments().isEmpty()) return null;
        if (inv.environment() == null) {
            d.error("RB406", rb.pos(), "this runbook declares environments, so --env is required",
                    "pass --env " + String.join("|", rb.environments().keySet()));
            return null;
        }
        EnvironmentPolicy env = rb.environments().get(inv.environment());
        if (env == null) {
            d.error("RB407", Position.of("--env " + inv.environment()), "environment '" + inv.environment()
                    + "' is not one this runbook may target", "allowed: " + String.join(", ", rb.environments().keySet()));
        }
        return env;
    }

    /** The included steps of one include (or one iteration of it, with its item), ids prefixed with {@code prefix}. */
    private void include(Step s, Action.Include inc, Fragment f, String prefix, Object item, List<PlannedStep> steps,
                         Runbook rb, PlanContext ctx, Map<String, PlannedTarget> targets, Files files, Diagnostics d) {
        Map<String, Object> scope = includeScope(f, inc, ctx, item, d);
        Decision gate = ctx.decide(s.when(), ctx.paramValues(), item, d);
        if (gate instanceof Decision.Skip skip) {
            gate = new Decision.Skip("include '" + prefix + "' skipped: " + skip.reason());
        }
        for (Step inner : f.steps()) {
            Step st = inherit(s, inner);
            if (inner.forEach() != null && item == null) {
                final Decision g = gate;
                forEachIteration(st, ctx, Invocation.of(null, Map.of()), d, (key, it) -> steps.add(step(steps.size() + 1, prefix + ".",
                        inner.id() + "[" + key + "]", st, f.baseDir(), scope, it, g, rb, ctx, targets, files, d)));
            } else {
                steps.add(step(steps.size() + 1, prefix + ".", inner.id(), st, f.baseDir(), scope, item, gate,
                        rb, ctx, targets, files, d));
            }
        }
    }

    /** Whether a for_each query reads a database target and only reads (RB225 otherwise). */
    private static boolean rowQuery(Step s, Runbook rb, Map<String, PlannedTarget> targets, Diagnostics d) {
        ForEach.Query q = s.forEach().query();
        String target = dbTarget(rb, q.target() != null ? q.target() : s.target(), rb.defaults().target());
        PlannedTarget t = target == null ? null : targets.get(target);
        if (t == null || !t.isDatabase()) {
            d.error("RB225", q.pos(), "for_each query of step '" + s.id() + "' needs a database target",
                    "add target: NAME to the for_each, or a default target");
            return false;
        }
        if (!readOnly(q.sql(), target, targets)) {
            d.error("RB225", q.pos(), "for_each query of step '" + s.id() + "' must only read (one SELECT)",
                    "the rows are read before the run's preconditions; change things in steps");
            return false;
        }
        return true;
    }

    /**
     * A for_each over query rows not read yet: the step once, as written (its SQL with the item's placeholders
     * unresolved), decided at run time; a run reads the rows and plans again before anything starts.
     */
    private PlannedStep unread(int index, Step s, Runbook rb, PlanContext ctx, Map<String, PlannedTarget> targets,
                               Files files) {
        // Planned against an empty row only for its shape; what cannot be resolved without a row stays as written.
        PlannedStep shape = step(index, "", s.id(), s, rb.baseDir(), ctx.paramValues(), Map.of(), new Decision.Run(), rb,
                ctx, targets, files, new Diagnostics());
        ForEach.Query q = s.forEach().query();
        String target = q.target() != null ? q.target() : shape.target();
        String why = "for each row of: " + q.sql().strip() + " (on " + target + "; read when the run starts)";
        List<String> notes = new ArrayList<>(shape.notes());
        notes.add(why);
        return new PlannedStep(shape.index(), s.id() + "[*]", shape.title(), shape.description(), shape.pos(),
                shape.action(), shape.target(), new Decision.AtRunTime(why), shape.when(), shape.expect(),
                shape.onFailure(), shape.retry(), shape.timeout(), shape.once(), shape.idempotent(), shape.backup(),
                shape.destructive(), shape.seed(), shape.mutating(), shape.rollback(), shape.checksum(), shape.params(),
                List.copyOf(notes), new RowQueries.Unread(s.id(), q.sql(), target), shape.lockTimeout(),
                shape.restartsTarget(), shape.rollbackScope(), shape.checkpoint());
    }

    /** Calls {@code each} with every item of a for_each and its key, reporting two items with one key (RB225). */
    private static void forEachIteration(Step s, PlanContext ctx, Invocation inv, Diagnostics d,
                                         java.util.function.BiConsumer<String, Object> each) {
        Map<String, Object> seenKeys = new LinkedHashMap<>();
        boolean fromRows = s.forEach().query() != null;
        List<Object> items = fromRows ? new ArrayList<>(inv.rows().get(s.id())) : forEachItems(s, ctx, d);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String key = fromRows ? RowQueries.key((Map<?, ?>) item, i) : iterationKey(item, i);
            if (seenKeys.put(key, item) != null) {
                d.error("RB225", s.forEach().pos(), "for_each of step '" + s.id() + "' has two items with key '"
                        + key + "'", "each iteration is journaled as " + s.id() + "[key]: make the items (or their"
                        + " id/name) unique");
            }
            each.accept(key, item);
        }
    }

    private Map<String, Object> includeScope(Fragment f, Action.Include inc, PlanContext ctx, Object item, Diagnostics d) {
        Map<String, Object> scope = new LinkedHashMap<>();
        for (ParamSpec p : f.params().values()) {
            if (p.defaultValue() != null) scope.put(p.name(), dev.runbook.validate.ParamRules.typed(p, p.defaultValue()));
        }
        for (Map.Entry<String, String> e : inc.params().entrySet()) {
            String v = ctx.interpolate(new Template(e.getValue() == null ? "" : e.getValue(), inc.pos()),
                    ctx.paramValues(), item, d);
            ParamSpec spec = f.params().get(e.getKey());
            if (spec == null || v == null) continue;
            String problem = dev.runbook.validate.ParamRules.check(spec, v);
            if (problem != null) d.error("RB403", inc.pos(), "include param '" + e.getKey() + "' " + problem, null);
            else scope.put(e.getKey(), dev.runbook.validate.ParamRules.typed(spec, v));
        }
        return java.util.Collections.unmodifiableMap(scope);
    }

    private PlannedPrecondition precondition(int index, Precondition p, Runbook rb, PlanContext ctx,
                                             Map<String, PlannedTarget> targets,
                                             Files files, Diagnostics d) {
        String declaredExpect = p.expect() == null ? null : p.expect().source();
        Resolved r = p.kind().accept(new Precondition.Visitor<Resolved, RuntimeException>() {
            public Resolved sql(Precondition.Sql k) {
                PlannedSql sql = plannedSql(k.sql(), rb.baseDir(), rb, files, true, d);
                return new Resolved(new PlannedCondition.Sql(sql), dbTarget(rb, p.target(), null), declaredExpect, sql.text());
            }

            public Resolved libraryCheck(Precondition.LibraryCheck k) {
                String target = dbTarget(rb, p.target(), null);
                LibraryCheck lc = library.find(targets.get(target).engine(), k.check()).orElseThrow();
                files.addText("validation-sql/" + lc.dialect() + "/" + lc.name() + ".sql", lc.sql());
                PlannedSql sql = new PlannedSql(p.pos(), lc.sql(), null, true, Map.of(), null, null);
                return new Resolved(new PlannedCondition.Library(k.check(), sql,
                        libraryParams(lc, k.params(), ctx, ctx.paramValues(), null, p.pos(), d)), target,
                        declaredExpect != null ? declaredExpect : lc.expect(), lc.sql());
            }

            public Resolved envVars(Precondition.EnvVars k) {
                return new Resolved(new PlannedCondition.EnvVars(k.names()), null, declaredExpect,
                        "environment variables set: " + String.join(", ", k.names()));
            }

            public Resolved http(Precondition.Http k) {
                var req = k.request();
                String expect = declaredExpect == null && req.expect() != null ? req.expect().source() : declaredExpect;
                return new Resolved(new PlannedCondition.Http(httpCall(req, req.target())), req.target(), expect,
                        req.method() + " " + req.url());
            }

            public Resolved fileExists(Precondition.FileExists k) {
                return new Resolved(new PlannedCondition.FileExists(k.path()), null, declaredExpect,
                        "file exists: " + k.path().raw());
            }

            public Resolved expression(Precondition.Expression k) {
                return new Resolved(new PlannedCondition.Expression(k.expr()), null, declaredExpect, k.expr().source());
            }

            public Resolved migrations(Precondition.Migrations k) {
                List<Path> locations = new ArrayList<>();
                for (String loc : k.locations()) {
                    PathGuard.Resolved folder = files.resolve(rb.baseDir(), loc, p.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
                    if (folder.ok()) locations.add(folder.path());
                    else d.add(folder.problem());
                }
                return new Resolved(new PlannedCondition.Migrations(List.copyOf(locations), k.version(), k.table(),
                        k.naming(), scripts(locations, k.naming(), rb, files, p.pos(), d)), dbTarget(rb, p.target(), null), declaredExpect,
                        "no pending or failed migrations in " + String.join(", ", k.locations()));
            }

            public Resolved guard(Precondition.Guard g) {
                StringBuilder sb = new StringBuilder("declared ").append(g.declared().raw());
                if (!g.values().isEmpty()) sb.append(" mapped by ").append(g.values());
                List<PlannedCondition.GuardSource> sources = new ArrayList<>();
                for (Precondition.GuardSource src : g.sources()) {
                    sb.append("\n== ").append(src.describe());
                    if (src.sql() != null) {
                        // Read now, like every other SQL: the guard runs what the reviewer saw and the hash covers.
                        PlannedSql ps = plannedSql(src.sql(), rb.baseDir(), rb, files, true, d);
                        sb.append(": ").append(ps.text().strip());
                        sources.add(new PlannedCondition.GuardSource(src.pos(), src.describe(), null, ps,
                                dbTarget(rb, src.target() != null ? src.target() : p.target(), null), null, null));
                    } else if (src.http() != null) {
                        var req = src.http();
                        String target = src.target() != null ? src.target() : req.target() != null ? req.target()
                                : httpTarget(rb, null);
                        sources.add(new PlannedCondition.GuardSource(src.pos(), src.describe(), null, null, target,
                                httpCall(req, target), src.field()));
                    } else {
                        sources.add(new PlannedCondition.GuardSource(src.pos(), src.describe(), src.envVar(), null, null,
                                null, null));
                    }
                }
                return new Resolved(new PlannedCondition.Guard(g.declared(), g.values(), List.copyOf(sources)), null,
                        declaredExpect, sb.toString());
            }
        });
        return new PlannedPrecondition(index, p.name(), p.pos(), r.kind(), r.target(), r.expect(), p.onFail(), r.preview());
    }

    /** What the planner makes of one precondition kind. */
    private record Resolved(PlannedCondition kind, String target, String expect, String preview) {}

    /** An HTTP request of a precondition or guard as the HTTP runner takes it (templates interpolated at run time). */
    private static PlannedAction.Http httpCall(dev.runbook.model.HttpRequest r, String target) {
        return new PlannedAction.Http(r.pos(), r.method(), r.url(), target, r.headers(), r.body(), r.json(), r.timeout(),
                r.url() == null ? "" : r.url().raw());
    }

    /** A library check's params as bound: its defaults, then the given ones resolved when planning. */
    private static Map<String, String> libraryParams(LibraryCheck lc, Map<String, String> given, PlanContext ctx,
                                                     Map<String, Object> scope, Object item, Position at, Diagnostics d) {
        Map<String, String> params = new LinkedHashMap<>(lc.paramDefaults());
        params.putAll(ctx.resolveParams(given, scope, item, at, d));
        return java.util.Collections.unmodifiableMap(params);
    }

    /** An included step takes the include's options where it sets none of its own (as Ansible's include_tasks does). */
    private static Step inherit(Step include, Step inner) {
        return new Step(inner.id(), inner.pos(), inner.title(), inner.description(), inner.action(),
                inner.target() != null ? inner.target() : include.target(), inner.when(), inner.expect(),
                inner.onFailure() != null ? inner.onFailure() : include.onFailure(),
                inner.retry() != null ? inner.retry() : include.retry(),
                inner.timeout() != null ? inner.timeout() : include.timeout(), inner.once(), inner.idempotent(), inner.backup(),
                inner.destructive() || include.destructive(), inner.seed() || include.seed(), inner.mutating(),
                inner.rollback(), inner.forEach(),
                inner.lockTimeout() != null ? inner.lockTimeout() : include.lockTimeout(), inner.restartsTarget(),
                inner.rollbackScope() != null ? inner.rollbackScope() : include.rollbackScope(), inner.checkpoint(),
                inner.noRollback());
    }

    private PlannedStep step(int index, String idPrefix, Step s, Path baseDir, Map<String, Object> scope, Decision gate,
                             Runbook rb, PlanContext ctx, Map<String, PlannedTarget> targets, Files files,
                             Diagnostics d) {
        return step(index, idPrefix, s.id(), s, baseDir, scope, null, gate, rb, ctx, targets, files, d);
    }

    /** The items a for_each step repeats over: its literal list, or its expression's list, known when planning. */
    private static List<Object> forEachItems(Step s, PlanContext ctx, Diagnostics d) {
        if (s.forEach().items() != null) return s.forEach().items();
        Expr e = s.forEach().expression();
        try {
            Object v = ctx.evaluate(e, ctx.paramValues(), null);
            if (v instanceof java.util.Collection<?> c) return new ArrayList<>(c);
            if (v != null && v.getClass().isArray()) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) out.add(java.lang.reflect.Array.get(v, i));
                return out;
            }
            d.error("RB225", e.pos(), "for_each of step '" + s.id() + "' must give a list, got "
                    + (v == null ? "null" : "'" + v + "'"), "declare the param with type: list, or write a YAML list");
        } catch (ExpressionException ex) {
            d.error("RB410", e.pos(), "for_each: " + ex.getMessage(), null);
        }
        return List.of();
    }

    /** An iteration's key in its id: the item itself, or a mapping item's id or name, else its position. */
    private static String iterationKey(Object item, int index) {
        if (item instanceof Map<?, ?> m) {
            Object k = m.get("id") != null ? m.get("id") : m.get("name");
            return k != null ? String.valueOf(k) : String.valueOf(index + 1);
        }
        return String.valueOf(item);
    }

    private PlannedStep step(int index, String idPrefix, String ownId, Step s, Path baseDir, Map<String, Object> scope,
                             Object item, Decision gate, Runbook rb, PlanContext ctx, Map<String, PlannedTarget> targets,
                             Files files, Diagnostics d) {
        Defaults defs = rb.defaults();
        String id = idPrefix + ownId;
        String target = targetFor(rb, s.action(), s.target());
        PlannedAction action = action(s.action(), target, baseDir, scope, item, rb, ctx, targets, files, d);
        PlannedRollback rollback = null;
        if (s.rollback() != null) {
            Rollback r = s.rollback();
            String rbTarget = targetFor(rb, r.action(), r.target() != null ? r.target() : s.target());
            rollback = new PlannedRollback(action(r.action(), rbTarget, baseDir, scope, item, rb, ctx, targets, files, d), rbTarget,
                    r.timeout(), r.afterFailure());
        }
        List<String> notes = new ArrayList<>();
        boolean mutating = s.mutating() != null ? s.mutating() : action.mutating();
        if (mutating && rollback == null && !s.backup()) {
            notes.add(s.noRollback() != null ? "no rollback: " + s.noRollback().strip() : "no rollback declared");
        }
        if (s.destructive()) notes.add("destructive");
        if (s.seed()) notes.add("seed data");
        if (target != null && targets.get(target) != null && targets.get(target).readOnly() && mutating) {
            d.error("RB408", s.pos(), "step '" + id + "' changes target '" + target + "', which is read_only", null);
        }
        // An include's when: is decided here (validation refuses one that reads run-time results, RB223).
        Decision decision = gate instanceof Decision.Skip ? gate : ctx.decide(s.when(), scope, item, d);
        String checksum = Hashes.sha256(id + "\n" + action.kind() + "\n" + action.preview()
                + (rollback == null ? "" : "\n" + rollback.action().preview())
                + (s.restartsTarget() == null ? "" : "\nrestarts target " + s.restartsTarget()));
        return new PlannedStep(index, id, s.title(), s.description(), s.pos(), action, target, decision,
                s.when() == null ? null : s.when().source(), expectOf(s),
                s.onFailure() != null ? s.onFailure() : defs.onFailure(), s.retry() != null ? s.retry() : defs.retry(),
                s.timeout() != null ? s.timeout() : defs.timeout(), s.once(), s.idempotent(), s.backup(), s.destructive(), s.seed(),
                mutating, rollback, "sha256:" + checksum, scope, List.copyOf(notes), item, s.lockTimeout(),
                s.restartsTarget(), s.rollbackScope() != null ? s.rollbackScope() : defs.rollbackScope(), s.checkpoint());
    }

    /** An http step may write its expect: inside http: as preconditions do; the step's own wins. */
    private static String expectOf(Step s) {
        if (s.expect() != null) return s.expect().source();
        if (s.action() instanceof Action.Http h && h.request().expect() != null) return h.request().expect().source();
        return null;
    }

    private static String targetFor(Runbook rb, Action a, String explicit) {
        String database = dbTarget(rb, explicit, rb.defaults().target());
        return a.accept(new Action.Visitor<String, RuntimeException>() {
            public String sql(Action.Sql x) { return database; }
            public String assertion(Action.Assert x) { return database; }
            public String migrate(Action.Migrate x) { return database; }
            public String http(Action.Http h) {
                return h.request().target() != null ? h.request().target() : httpTarget(rb, explicit);
            }
            public String shell(Action.Shell x) { return explicit; }
            public String approval(Action.Approval x) { return explicit; }
            public String include(Action.Include x) { return explicit; }
            public String manual(Action.Manual m) { return explicit; }
            public String waiting(Action.Wait w) {
                if (w.until() == null) return explicit;
                return w.until().target() != null ? w.until().target() : database;
            }
        });
    }

    private static String dbTarget(Runbook rb, String explicit, String fallback) {
        if (explicit != null) return explicit;
        String def = fallback != null ? fallback : rb.defaults().target();
        if (def != null && rb.targets().get(def) instanceof Target.Database) return def;
        String only = onlyTarget(rb, Target.Database.class);
        return only != null ? only : def;
    }

    private static String httpTarget(Runbook rb, String explicit) {
        if (explicit != null && rb.targets().get(explicit) instanceof Target.Http) return explicit;
        return onlyTarget(rb, Target.Http.class);
    }

    /** The name of the runbook's one target of this kind, else null. A loop: it is asked for every step. */
    private static String onlyTarget(Runbook rb, Class<? extends Target> kind) {
        String only = null;
        for (Target t : rb.targets().values()) {
            if (!kind.isInstance(t)) continue;
            if (only != null) return null;
            only = t.name();
        }
        return only;
    }

    /** The target's dialect analyses the SQL (PostgreSQL's when there is no target); unsplittable SQL is a change. */
    private static boolean readOnly(String sql, String target, Map<String, PlannedTarget> targets) {
        PlannedTarget t = target == null ? null : targets.get(target);
        try {
            return dev.runbook.db.Dialect.forEngine(t == null || t.engine() == null ? "postgresql" : t.engine())
                    .analyse(sql).readOnly();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private PlannedAction action(Action a, String target, Path baseDir, Map<String, Object> scope, Object item, Runbook rb,
                                 PlanContext ctx, Map<String, PlannedTarget> targets, Files files, Diagnostics d) {
        boolean txDefault = rb.defaults().transaction();
        return a.accept(new Action.Visitor<PlannedAction, RuntimeException>() {
            public PlannedAction sql(Action.Sql sql) {
                PlannedSql ps = expectAffected(inlineQuoted(plannedSql(sql.sql(), baseDir, rb, files, txDefault, d),
                        engineOf(targets, target), scope, item, ctx, d), sql.sql().expectAffected(), scope, item, ctx, d);
                return new PlannedAction.Sql(ps, !readOnly(ps.text(), target, targets));
            }

            public PlannedAction assertion(Action.Assert as) {
                List<PlannedCheck> checks = new ArrayList<>();
                for (Check c : as.checks()) checks.add(check(c));
                return new PlannedAction.Assert(List.copyOf(checks));
            }

            private PlannedCheck check(Check c) {
                String t = c.target() != null ? c.target() : target;
                if (c.sql() != null) {
                    return new PlannedCheck(c.pos(), c.name(), t, inlineQuoted(plannedSql(c.sql(), baseDir, rb,
                            files, true, d), engineOf(targets, t), scope, item, ctx, d), null, Map.of(), c.expect().source());
                }
                LibraryCheck lc = library.find(targets.get(t).engine(), c.libraryCheck()).orElseThrow();
                files.addText("validation-sql/" + lc.dialect() + "/" + lc.name() + ".sql", lc.sql());
                return new PlannedCheck(c.pos(), c.name(), t, new PlannedSql(c.pos(), lc.sql(), null, true, Map.of(),
                        null, null), lc.name(), libraryParams(lc, c.params(), ctx, scope, item, c.pos(), d),
                        c.expect() != null ? c.expect().source() : lc.expect());
            }

            public PlannedAction manual(Action.Manual m) {
                return new PlannedAction.Manual(m.instructions(), ctx.preview(m.instructions(), scope, item));
            }

            public PlannedAction waiting(Action.Wait w) {
                if (w.until() == null) return new PlannedAction.Wait(w.duration(), null, null, null);
                return new PlannedAction.Wait(null, check(w.until()),
                        w.every() != null ? w.every() : java.time.Duration.ofSeconds(30), w.timeout());
            }

            public PlannedAction migrate(Action.Migrate migrate) {
                Action.Migrate m = new Action.Migrate(migrate.pos(), withTarget(migrate.spec(), ctx, scope, d));
                List<Path> locations = new ArrayList<>();
                List<MigrationFiles.Folder> folders = new ArrayList<>();
                for (String loc : m.spec().locations()) {
                    PathGuard.Resolved r = files.resolve(baseDir, loc, m.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
                    if (!r.ok()) continue;
                    locations.add(r.path());
                    folders.add(new MigrationFiles.Folder(loc, r.path()));
                }
                MigrationFiles.Listing listing;
                try {
                    listing = MigrationFiles.scan(folders, m.spec().naming());
                } catch (IOException e) {
                    d.error("RB205", m.pos(), "cannot list migrations folder: " + e.getMessage(), null);
                    return new PlannedAction.Migrate(m.spec(), List.copyOf(locations), List.of(), List.of(), null,
                            List.of(), List.of(), List.of());
                }
                String upTo = m.spec().target();
                MigrationFiles.Migration baseline = listing.baseline(upTo);
                List<MigrationFiles.Migration> applied = new ArrayList<>(listing.applied(upTo));
                List<MigrationFiles.Migration> below = new ArrayList<>(listing.belowBaseline(upTo));
                if (m.spec().baselineOnMigrate()) {
                    // The step exists to baseline a database that predates the history: the baseline's own versions
                    // are recorded as present, not run (Flyway's baselineOnMigrate, default version 1).
                    List<MigrationFiles.Migration> marked = listing.atOrBelow(
                            m.spec().baselineVersion() == null ? "1" : m.spec().baselineVersion(), upTo);
                    applied.removeAll(marked);
                    below.addAll(marked);
                }
                return new PlannedAction.Migrate(m.spec(), List.copyOf(locations),
                        applied.stream().map(MigrationFiles.Migration::label).toList(),
                        scripts(listing, folders, rb, files),
                        baseline == null ? null : baseline.label(),
                        below.stream().map(MigrationFiles.Migration::label).toList(),
                        listing.callbacks().stream().map(c -> new PlannedAction.Migrate.Callback(c.label(), c.event())).toList(),
                        listing.ignored().stream().map(i -> i.label() + " (" + i.ignoredBecause() + ")").toList());
            }

            public PlannedAction http(Action.Http h) {
                var req = h.request();
                return new PlannedAction.Http(req.pos(), req.method(), req.url(), target, req.headers(), req.body(), req.json(),
                        req.timeout(), ctx.preview(req.url(), scope, item));
            }

            public PlannedAction shell(Action.Shell sh) {
                var cmd = sh.command();
                Path dir = cmd.dir() == null ? baseDir : baseDir.resolve(cmd.dir()).normalize();
                String preview = cmd.script() != null ? cmd.script().strip()
                        : String.join(" ", cmd.argv().stream().map(t -> ShellQuote.quote(ctx.preview(t, scope, item))).toList());
                Map<String, String> env = new LinkedHashMap<>();
                cmd.env().forEach((k, v) -> env.put(k, v == null ? "" : ctx.previewParams(v, scope, item)));
                return new PlannedAction.Shell(sh.pos(), cmd.argv(), cmd.script(), cmd.env(), cmd.expectExit(), dir, preview,
                        java.util.Collections.unmodifiableMap(env));
            }

            public PlannedAction approval(Action.Approval ap) {
                return new PlannedAction.Approval(ap.prompt(), ap.approvers());
            }

            public PlannedAction include(Action.Include inc) {
                // The planner inlines an include's steps before it gets here; includes do not nest (RB216).
                throw new IllegalStateException("include '" + inc.file() + "' reached the step planner");
            }
        });
    }

    /** The scripts of a {@code migrations} precondition's folders, as {@link #scripts(MigrationFiles.Listing, List, Runbook, Files)}. */
    private static List<MigrationScript> scripts(List<Path> locations, MigrateSpec.Naming naming, Runbook rb, Files files,
                                                 Position at, Diagnostics d) {
        List<MigrationFiles.Folder> folders = locations.stream()
                .map(l -> new MigrationFiles.Folder(l.getFileName().toString(), l)).toList();
        try {
            return scripts(MigrationFiles.scan(folders, naming), folders, rb, files);
        } catch (IOException e) {
            d.error("RB205", at, "cannot read migrations folder: " + e.getMessage(), null);
            return List.of();
        }
    }

    /**
     * Every file Flyway reads in the folders (as its own scanner and name parser find them: migrations of every
     * form and the callbacks), read once now and hashed: Flyway runs these texts, so a file edited after planning
     * changes nothing that runs (and a saved plan no longer matches).
     */
    private static List<MigrationScript> scripts(MigrationFiles.Listing listing, List<MigrationFiles.Folder> folders,
                                                 Runbook rb, Files files) {
        List<MigrationScript> out = new ArrayList<>();
        for (MigrationFiles.Migration mf : listing.read()) {
            Path file = mf.path().toAbsolutePath().normalize();
            Path location = folders.stream().map(f -> f.path().toAbsolutePath().normalize()).filter(file::startsWith)
                    .findFirst().orElse(file.getParent());
            String relative = location.relativize(file).toString().replace('\\', '/');
            out.add(new MigrationScript(location, relative, mf.path(), files.add(displayOf(rb, mf.path()), mf.path())));
        }
        return List.copyOf(out);
    }

    /** A migrate target may be a template over params ("${params.to}"); the plan fixes it, like Flyway's target. */
    private static MigrateSpec withTarget(MigrateSpec spec, PlanContext ctx, Map<String, Object> scope, Diagnostics d) {
        if (spec.target() == null || !spec.target().contains("${")) return spec;
        String target = ctx.interpolate(new Template(spec.target(), spec.pos()), scope, d);
        if (target != null && !target.isBlank() && !target.strip().equalsIgnoreCase("latest")
                && !target.strip().matches("[0-9]+([._][0-9]+)*")) {
            d.error("RB403", spec.pos(), "migrate target '" + target + "' is not a version", "write e.g. 7, 1.2 or latest");
        }
        return new MigrateSpec(spec.pos(), spec.locations(), target == null || target.isBlank() ? null : target.strip(),
                spec.validate(), spec.baselineVersion(), spec.baselineDescription(), spec.baselineOnMigrate(),
                spec.outOfOrder(), spec.table(), spec.schemas(), spec.naming(), spec.oneTransaction(), spec.mixed());
    }

    private static String engineOf(Map<String, PlannedTarget> targets, String target) {
        PlannedTarget t = target == null ? null : targets.get(target);
        return t == null ? "postgresql" : t.engine();
    }

    /**
     * Puts the values of {@code :"name"} and {@code :'name'} into the SQL, quoted by the target's dialect, so the
     * plan shows (and hashes) the statement that will run; such values must be known when planning.
     */
    private static PlannedSql inlineQuoted(PlannedSql ps, String engine, Map<String, Object> scope, Object item,
                                           PlanContext ctx, Diagnostics d) {
        dev.runbook.db.Dialect dialect = dev.runbook.db.Dialect.forEngine(engine);
        if (dialect.quotedPlaceholderNames(ps.text()).isEmpty()) return ps;
        try {
            String text = dialect.inlineQuoted(ps.text(), name -> quotedValue(name, ps, scope, item, ctx));
            return new PlannedSql(ps.pos(), text, ps.file(), ps.transaction(), ps.bind(), ps.expectAffected(),
                    ps.statementTimeout(), ps.expectAffectedAtRun());
        } catch (IllegalArgumentException | IllegalStateException e) {
            d.error("RB226", ps.pos(), "cannot quote into the SQL: " + e.getMessage(),
                    ":\"name\" and :'name' take a param, a for_each item (item, item.field) or a bind: known when planning");
            return ps;
        }
    }

    private static Object quotedValue(String name, PlannedSql ps, Map<String, Object> scope, Object item, PlanContext ctx) {
        try {
            if (ps.bind() != null && ps.bind().containsKey(name)) {
                Expr e = ps.bind().get(name);
                if (ctx.readsRunTime(e)) throw new IllegalStateException("bind " + name + " reads the run's results");
                return ctx.evaluate(e, scope, item);
            }
            if (!name.contains(".")) return name.equals("item") ? item : scope.get(name);
            return ctx.evaluate(new Expr(name, ps.pos()), scope, item);
        } catch (ExpressionException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * expect_affected: a whole number now when it reads only what planning knows (a literal, params, item), else the
     * expression, evaluated by the run before it commits.
     */
    private static PlannedSql expectAffected(PlannedSql ps, Expr e, Map<String, Object> scope, Object item,
                                             PlanContext ctx, Diagnostics d) {
        if (e == null) return ps;
        if (ctx.readsRunTime(e)) {
            return new PlannedSql(ps.pos(), ps.text(), ps.file(), ps.transaction(), ps.bind(), null, ps.statementTimeout(), e);
        }
        Long n = null;
        try {
            n = AffectedRows.of(ctx.evaluate(e, scope, item));
        } catch (ExpressionException ex) {
            d.error("RB410", e.pos(), "expect_affected: " + ex.getMessage(), null);
        } catch (IllegalArgumentException ex) {
            d.error("RB410", e.pos(), "expect_affected: " + ex.getMessage(), "give a whole number of rows, 0 or more");
        }
        return new PlannedSql(ps.pos(), ps.text(), ps.file(), ps.transaction(), ps.bind(), n, ps.statementTimeout(), null);
    }

    private static PlannedSql plannedSql(SqlSource s, Path baseDir, Runbook rb, Files files, boolean txDefault,
                                         Diagnostics d) {
        String text = s.text();
        if (s.file() != null) {
            PathGuard.Resolved r = files.resolve(baseDir, s.file(), s.pos(), "SQL file", PathGuard.Kind.FILE);
            if (!r.ok()) {
                d.add(r.problem());
                text = "";
            } else {
                text = files.add(displayOf(rb, r.path()), r.path());
            }
        }
        return new PlannedSql(s.pos(), SourceFiles.normalize(text == null ? "" : text), s.file(),
                s.transaction() != null ? s.transaction() : txDefault, s.bind(), null, s.statementTimeout());
    }

    /** Files are named relative to the runbook's folder, so the plan hash does not depend on where it lives. */
    static String displayOf(Runbook rb, Path path) {
        Path base = rb.baseDir().toAbsolutePath().normalize();
        Path abs = path.toAbsolutePath().normalize();
        try {
            base = base.toRealPath();
            abs = abs.toRealPath();
        } catch (IOException e) {
            // Fall back to the lexical paths; PathGuard already checked the file is inside.
        }
        return base.relativize(abs).toString().replace('\\', '/');
    }

    /** Every file the plan uses, by display path, with its normalised content's hash. */
    static final class Files {
        private final Map<String, String> hashes = new TreeMap<>();
        private final SourceSet sources;

        Files(SourceSet sources) {
            this.sources = sources;
        }

        /** Which file a path in the runbook means (the one resolver, shared with validation). */
        PathGuard.Resolved resolve(Path baseDir, String relative, Position at, String what, PathGuard.Kind kind) {
            return sources.resolve(baseDir, relative, at, what, kind);
        }

        /** A file the plan uses, from the command's one reader (read once however many steps name it), hashed. */
        String add(String display, Path path) {
            try {
                String text = sources.text(path);
                hashes.put(display, Hashes.sha256(text));
                return text;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void addText(String display, String text) {
            hashes.put(display, Hashes.sha256(SourceFiles.normalize(text)));
        }

        String sha(String display) {
            return hashes.get(display);
        }

        List<PlanFile> list() {
            return hashes.entrySet().stream().map(e -> new PlanFile(e.getKey(), "sha256:" + e.getValue())).toList();
        }
    }

    static String describe(ExpressionException e) {
        return e.getMessage();
    }
}
