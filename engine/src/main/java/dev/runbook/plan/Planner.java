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
import dev.runbook.validate.Fragment;
import dev.runbook.validate.ValidatedRunbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        PlanContext ctx = new PlanContext(rb, inv, env, params, expressions);
        Map<String, PlannedTarget> targets = new TargetResolver(expressions).resolve(rb.targets(), inv, ctx.vars(), secrets, d);
        String ticket = ctx.interpolate(rb.ticket(), d);
        Files files = new Files();
        files.add(rb.file().getFileName().toString(), rb.file());
        List<PlannedPrecondition> pres = new ArrayList<>();
        int n = 0;
        for (Precondition p : rb.preconditions()) pres.add(precondition(++n, p, rb, targets, files, d));
        List<PlannedStep> steps = new ArrayList<>();
        for (Step s : rb.steps()) {
            Fragment f = validated.fragments().get(s.id());
            if (s.action() instanceof Action.Include inc && f != null) {
                files.add(displayOf(rb, f.file()), f.file());
                Map<String, Object> scope = includeScope(f, inc, ctx, d);
                Decision gate = ctx.decide(s.when(), ctx.paramValues(), d);
                if (gate instanceof Decision.Skip skip) {
                    gate = new Decision.Skip("include '" + s.id() + "' skipped: " + skip.reason());
                }
                for (Step inner : f.steps()) {
                    steps.add(step(steps.size() + 1, f.includeStepId() + ".", inherit(s, inner), f.baseDir(), scope,
                            gate, rb, ctx, targets, files, d));
                }
            } else {
                steps.add(step(steps.size() + 1, "", s, rb.baseDir(), ctx.paramValues(), new Decision.Run(), rb, ctx,
                        targets, files, d));
            }
        }
        if (d.hasErrors()) throw new InvalidInputException(d.sorted());
        List<PolicyCheck> policies = env == null ? List.of() : Policies.evaluate(env, ticket, steps, inv);
        List<Diagnostic> warnings = new ArrayList<>(validated.diagnostics());
        d.sorted().stream().filter(w -> !w.isError()).forEach(warnings::add); // e.g. a short secret (RB320)
        String runbookChecksum = "sha256:" + files.sha(rb.file().getFileName().toString());
        String hash = PlanHash.compute(rb.id(), files.list(), params, inv.environment(), targets);
        return new Plan(Plan.VERSION, hash, rb.id(), rb.title(), rb.owner(), rb.description(), rb.pos().file(),
                runbookChecksum, rb.baseDir(), inv.environment(), env != null && isProduction(env), ticket,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params)), targets, List.copyOf(policies), List.copyOf(pres), List.copyOf(steps),
                List.copyOf(warnings), files.list(), rb.defaults().runTimeout(), List.copyOf(secrets));
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
        Map<String, PlannedTarget> targets = new TargetResolver(expressions).resolve(rb.targets(), inv, ctx.vars(),
                new ArrayList<>(), d);
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

    private Map<String, Object> includeScope(Fragment f, Action.Include inc, PlanContext ctx, Diagnostics d) {
        Map<String, Object> scope = new LinkedHashMap<>();
        for (ParamSpec p : f.params().values()) {
            if (p.defaultValue() != null) scope.put(p.name(), dev.runbook.validate.ParamRules.typed(p, p.defaultValue()));
        }
        for (Map.Entry<String, String> e : inc.params().entrySet()) {
            String v = ctx.interpolate(new Template(e.getValue() == null ? "" : e.getValue(), inc.pos()), d);
            ParamSpec spec = f.params().get(e.getKey());
            if (spec == null || v == null) continue;
            String problem = dev.runbook.validate.ParamRules.check(spec, v);
            if (problem != null) d.error("RB403", inc.pos(), "include param '" + e.getKey() + "' " + problem, null);
            else scope.put(e.getKey(), dev.runbook.validate.ParamRules.typed(spec, v));
        }
        return java.util.Collections.unmodifiableMap(scope);
    }

    private PlannedPrecondition precondition(int index, Precondition p, Runbook rb, Map<String, PlannedTarget> targets,
                                             Files files, Diagnostics d) {
        PlannedSql sql = null;
        String target = null;
        String expect = p.expect() == null ? null : p.expect().source();
        String preview;
        Precondition.Kind k = p.kind();
        if (k instanceof Precondition.Sql s) {
            target = dbTarget(rb, p.target(), null);
            sql = plannedSql(s.sql(), rb.baseDir(), rb, files, true, d);
            preview = sql == null ? "" : sql.text();
        } else if (k instanceof Precondition.LibraryCheck c) {
            target = dbTarget(rb, p.target(), null);
            LibraryCheck lc = library.find(targets.get(target).engine(), c.check()).orElseThrow();
            files.addText("validation-sql/" + lc.dialect() + "/" + lc.name() + ".sql", lc.sql());
            sql = new PlannedSql(p.pos(), lc.sql(), null, true, Map.of(), null, null);
            if (expect == null) expect = lc.expect();
            preview = lc.sql();
        } else if (k instanceof Precondition.EnvVars e) {
            preview = "environment variables set: " + String.join(", ", e.names());
        } else if (k instanceof Precondition.Http h) {
            target = h.request().target();
            preview = h.request().method() + " " + h.request().url();
            if (expect == null && h.request().expect() != null) expect = h.request().expect().source();
        } else if (k instanceof Precondition.Guard g) {
            StringBuilder sb = new StringBuilder("declared ").append(g.declared().raw());
            if (!g.values().isEmpty()) sb.append(" mapped by ").append(g.values());
            for (Precondition.GuardSource src : g.sources()) {
                sb.append("\n== ").append(src.describe());
                if (src.sql() != null) {
                    PlannedSql ps = plannedSql(src.sql(), rb.baseDir(), rb, files, true, d);
                    sb.append(": ").append(ps.text().strip());
                }
            }
            preview = sb.toString();
        } else if (k instanceof Precondition.FileExists f) {
            preview = "file exists: " + f.path().raw();
        } else if (k instanceof Precondition.Expression e) {
            preview = e.expr().source();
        } else {
            Precondition.Migrations m = (Precondition.Migrations) k;
            target = dbTarget(rb, p.target(), null);
            preview = "no pending or failed migrations in " + String.join(", ", m.locations());
        }
        return new PlannedPrecondition(index, p.name(), p.pos(), k, target, sql, expect, p.onFail(), preview);
    }

    /** An included step takes the include's options where it sets none of its own (as Ansible's include_tasks does). */
    private static Step inherit(Step include, Step inner) {
        return new Step(inner.id(), inner.pos(), inner.title(), inner.description(), inner.action(),
                inner.target() != null ? inner.target() : include.target(), inner.when(), inner.expect(),
                inner.onFailure() != null ? inner.onFailure() : include.onFailure(),
                inner.retry() != null ? inner.retry() : include.retry(),
                inner.timeout() != null ? inner.timeout() : include.timeout(), inner.once(), inner.backup(),
                inner.destructive() || include.destructive(), inner.seed() || include.seed(), inner.mutating(),
                inner.rollback());
    }

    private PlannedStep step(int index, String idPrefix, Step s, Path baseDir, Map<String, Object> scope, Decision gate,
                             Runbook rb, PlanContext ctx, Map<String, PlannedTarget> targets, Files files,
                             Diagnostics d) {
        Defaults defs = rb.defaults();
        String id = idPrefix + s.id();
        String target = targetFor(rb, s.action(), s.target());
        PlannedAction action = action(s.action(), target, baseDir, scope, rb, ctx, targets, files, d);
        PlannedRollback rollback = null;
        if (s.rollback() != null) {
            Rollback r = s.rollback();
            String rbTarget = targetFor(rb, r.action(), r.target() != null ? r.target() : s.target());
            rollback = new PlannedRollback(action(r.action(), rbTarget, baseDir, scope, rb, ctx, targets, files, d), rbTarget,
                    r.timeout(), r.afterFailure());
        }
        List<String> notes = new ArrayList<>();
        boolean mutating = s.mutating() != null ? s.mutating() : action.mutating();
        if (mutating && rollback == null && !s.backup()) notes.add("no rollback declared");
        if (s.destructive()) notes.add("destructive");
        if (s.seed()) notes.add("seed data");
        if (target != null && targets.get(target) != null && targets.get(target).readOnly() && mutating) {
            d.error("RB408", s.pos(), "step '" + id + "' changes target '" + target + "', which is read_only", null);
        }
        Decision decision = gate instanceof Decision.Skip ? gate : ctx.decide(s.when(), scope, d);
        String checksum = SourceFiles.sha256(id + "\n" + action.kind() + "\n" + action.preview()
                + (rollback == null ? "" : "\n" + rollback.action().preview()));
        return new PlannedStep(index, id, s.title(), s.pos(), action, target, decision,
                s.when() == null ? null : s.when().source(), expectOf(s),
                s.onFailure() != null ? s.onFailure() : defs.onFailure(), s.retry() != null ? s.retry() : defs.retry(),
                s.timeout() != null ? s.timeout() : defs.timeout(), s.once(), s.backup(), s.destructive(), s.seed(),
                mutating, rollback, "sha256:" + checksum, scope, List.copyOf(notes));
    }

    /** An http step may write its expect: inside http: as preconditions do; the step's own wins. */
    private static String expectOf(Step s) {
        if (s.expect() != null) return s.expect().source();
        if (s.action() instanceof Action.Http h && h.request().expect() != null) return h.request().expect().source();
        return null;
    }

    private static String targetFor(Runbook rb, Action a, String explicit) {
        if (a instanceof Action.Sql || a instanceof Action.Assert || a instanceof Action.Migrate) {
            return dbTarget(rb, explicit, rb.defaults().target());
        }
        if (a instanceof Action.Http h) return h.request().target() != null ? h.request().target() : httpTarget(rb, explicit);
        return explicit;
    }

    private static String dbTarget(Runbook rb, String explicit, String fallback) {
        if (explicit != null) return explicit;
        String def = fallback != null ? fallback : rb.defaults().target();
        if (def != null && rb.targets().get(def) instanceof Target.Database) return def;
        List<String> dbs = rb.targets().values().stream().filter(t -> t instanceof Target.Database).map(Target::name).toList();
        return dbs.size() == 1 ? dbs.get(0) : def;
    }

    private static String httpTarget(Runbook rb, String explicit) {
        if (explicit != null && rb.targets().get(explicit) instanceof Target.Http) return explicit;
        List<String> https = rb.targets().values().stream().filter(t -> t instanceof Target.Http).map(Target::name).toList();
        return https.size() == 1 ? https.get(0) : null;
    }

    private PlannedAction action(Action a, String target, Path baseDir, Map<String, Object> scope, Runbook rb, PlanContext ctx,
                                 Map<String, PlannedTarget> targets, Files files, Diagnostics d) {
        boolean txDefault = rb.defaults().transaction();
        if (a instanceof Action.Sql sql) {
            PlannedSql ps = plannedSql(sql.sql(), baseDir, rb, files, txDefault, d);
            return new PlannedAction.Sql(ps, !SqlKinds.readOnly(ps.text()));
        }
        if (a instanceof Action.Assert as) {
            List<PlannedCheck> checks = new ArrayList<>();
            for (Check c : as.checks()) {
                String t = c.target() != null ? c.target() : target;
                if (c.sql() != null) {
                    checks.add(new PlannedCheck(c.pos(), c.name(), t, plannedSql(c.sql(), baseDir, rb, files, true, d), null,
                            Map.of(), c.expect().source()));
                } else {
                    LibraryCheck lc = library.find(targets.get(t).engine(), c.libraryCheck()).orElseThrow();
                    files.addText("validation-sql/" + lc.dialect() + "/" + lc.name() + ".sql", lc.sql());
                    Map<String, String> params = new LinkedHashMap<>(lc.paramDefaults());
                    params.putAll(c.params());
                    checks.add(new PlannedCheck(c.pos(), c.name(), t, new PlannedSql(c.pos(), lc.sql(), null, true, Map.of(),
                            null, null), lc.name(), java.util.Collections.unmodifiableMap(params), c.expect() != null ? c.expect().source() : lc.expect()));
                }
            }
            return new PlannedAction.Assert(List.copyOf(checks));
        }
        if (a instanceof Action.Migrate migrate) {
            Action.Migrate m = new Action.Migrate(migrate.pos(), withTarget(migrate.spec(), ctx, scope, d));
            List<Path> locations = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String loc : m.spec().locations()) {
                PathGuard.Resolved r = PathGuard.resolve(baseDir, loc, m.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
                if (!r.ok()) continue;
                locations.add(r.path());
                try {
                    // Only what this step would apply: versions up to its target, in Flyway's order.
                    for (MigrationFiles.Migration mf : MigrationFiles.list(r.path(), m.spec().naming(), m.spec().target())) {
                        names.add(loc + "/" + mf.path().getFileName());
                        files.add(displayOf(rb, mf.path()), mf.path());
                    }
                } catch (IOException e) {
                    d.error("RB205", m.pos(), "cannot list migrations folder '" + loc + "': " + e.getMessage(), null);
                }
            }
            return new PlannedAction.Migrate(m.spec(), List.copyOf(locations), List.copyOf(names));
        }
        if (a instanceof Action.Http h) {
            var req = h.request();
            return new PlannedAction.Http(req.pos(), req.method(), req.url(), target, req.headers(), req.body(), req.json(),
                    req.timeout(), ctx.preview(req.url(), scope));
        }
        if (a instanceof Action.Shell sh) {
            var cmd = sh.command();
            Path dir = cmd.dir() == null ? baseDir : baseDir.resolve(cmd.dir()).normalize();
            String preview = cmd.script() != null ? cmd.script().strip()
                    : String.join(" ", cmd.argv().stream().map(t -> ShellQuote.quote(ctx.preview(t, scope))).toList());
            return new PlannedAction.Shell(sh.pos(), cmd.argv(), cmd.script(), cmd.env(), cmd.expectExit(), dir, preview);
        }
        Action.Approval ap = (Action.Approval) a;
        return new PlannedAction.Approval(ap.prompt(), ap.approvers());
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
                spec.outOfOrder(), spec.table(), spec.schemas(), spec.naming());
    }

    private static PlannedSql plannedSql(SqlSource s, Path baseDir, Runbook rb, Files files, boolean txDefault,
                                         Diagnostics d) {
        String text = s.text();
        if (s.file() != null) {
            PathGuard.Resolved r = PathGuard.resolve(baseDir, s.file(), s.pos(), "SQL file", PathGuard.Kind.FILE);
            if (!r.ok()) {
                d.add(r.problem());
                text = "";
            } else {
                text = files.add(displayOf(rb, r.path()), r.path());
            }
        }
        return new PlannedSql(s.pos(), SourceFiles.normalize(text == null ? "" : text), s.file(),
                s.transaction() != null ? s.transaction() : txDefault, s.bind(), s.expectAffected(), s.statementTimeout());
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

    /** Every file the plan read, by display path, with its normalised content's hash. */
    static final class Files {
        private final Map<String, String> hashes = new TreeMap<>();

        private final Map<String, String> texts = new java.util.HashMap<>();

        /** Reads (once per file: many steps may name the same one) and hashes a file the plan uses. */
        String add(String display, Path path) {
            String known = texts.get(display);
            if (known != null) return known;
            try {
                String text = SourceFiles.readNormalized(path);
                hashes.put(display, SourceFiles.sha256(text));
                texts.put(display, text);
                return text;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void addText(String display, String text) {
            hashes.put(display, SourceFiles.sha256(SourceFiles.normalize(text)));
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
