package dev.runbook.validate;

import dev.runbook.db.Dialect;
import dev.runbook.db.SqlStatement;
import dev.runbook.diag.Diagnostics;
import dev.runbook.diag.Position;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.library.ValidationLibrary;
import dev.runbook.model.Action;
import dev.runbook.model.Check;
import dev.runbook.model.EnvironmentPolicy;
import dev.runbook.model.Expr;
import dev.runbook.model.HttpRequest;
import dev.runbook.model.ParamSpec;
import dev.runbook.model.Precondition;
import dev.runbook.model.Runbook;
import dev.runbook.model.SqlSource;
import dev.runbook.model.Step;
import dev.runbook.model.Target;
import dev.runbook.model.Template;
import dev.runbook.parse.PathGuard;
import dev.runbook.parse.SourceSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks what the schema cannot: unique ids, references to targets, params, steps and library checks,
 * files that exist inside the runbook's folder, expressions that parse and name known variables,
 * params whose defaults satisfy their own rules.
 */
final class SemanticValidator {
    private final Expressions expressions;
    private final ValidationLibrary library = new ValidationLibrary();
    private final SourceSet sources;

    /** One per validation: {@code sources} is that command's one reader of the runbook's files. */
    SemanticValidator(Expressions expressions, SourceSet sources) {
        this.expressions = expressions;
        this.sources = sources;
    }

    void validate(Runbook rb, Map<String, Fragment> fragments, Diagnostics d) {
        params(rb.params(), d);
        targets(rb, d);
        Map<String, Position> seen = new HashMap<>();
        Set<String> earlier = new HashSet<>();
        for (Precondition p : rb.preconditions()) precondition(rb, p, d);
        for (Step s : rb.steps()) {
            uniqueId(s, seen, d);
            if (s.restartsTarget() != null) {
                databaseTarget(rb, s.restartsTarget(), s.pos(), "step '" + s.id() + "' restarts_target", d);
            }
            step(rb, rb.baseDir(), rb.params(), s, earlier, d);
            Fragment f = fragments.get(s.id());
            if (s.action() instanceof Action.Include inc && f != null) {
                include(rb, s, inc, f, earlier, seen, d);
            }
            earlier.add(s.id());
        }
        environments(rb, d);
    }

    /** Set while the checks of a for_each step run: only there may expressions read {@code item}. */
    private boolean itemInScope;
    /** Set while the steps of an include with for_each are checked: they see the include's item. */
    private boolean includeItem;

    private void include(Runbook rb, Step s, Action.Include inc, Fragment f, Set<String> earlier, Map<String, Position> seen,
                         Diagnostics d) {
        // An include stands for its steps: options that only make sense for one unit of work belong on them.
        List<String> misplaced = new ArrayList<>();
        if (s.forEach() != null && s.forEach().query() != null) misplaced.add("for_each: {query}");
        if (s.expect() != null) misplaced.add("expect");
        if (s.once()) misplaced.add("once");
        if (s.idempotent()) misplaced.add("idempotent");
        if (s.backup()) misplaced.add("backup");
        if (s.mutating() != null) misplaced.add("mutating");
        if (s.rollback() != null) misplaced.add("rollback");
        if (s.noRollback() != null) misplaced.add("no_rollback");
        if (s.checkpoint()) misplaced.add("checkpoint");
        if (!misplaced.isEmpty()) {
            d.error("RB222", s.pos(), "include step '" + s.id() + "' cannot take " + String.join(", ", misplaced),
                    "an include passes when, target, on_failure, retry, timeout, destructive and seed to its steps; "
                            + "put " + String.join(", ", misplaced) + " on the steps in " + f.file().getFileName());
        }
        if (s.when() != null && readsRunTime(s.when())) {
            d.error("RB223", s.when().pos(), "include step '" + s.id() + "': when: must be decidable when planning "
                    + "(params, env, environment), but it reads earlier steps' results",
                    "put the condition on the included steps instead");
        }
        for (Map.Entry<String, String> e : inc.params().entrySet()) {
            if (!f.params().containsKey(e.getKey())) {
                d.error("RB208", inc.pos(), "include passes unknown param '" + e.getKey() + "' to " + f.file().getFileName(),
                        "the fragment declares: " + String.join(", ", f.params().keySet()));
            }
            itemInScope = s.forEach() != null; // an include's params may read its for_each item
            try {
                template(new Template(e.getValue() == null ? "" : e.getValue(), inc.pos()), rb.params(), earlier, d);
            } finally {
                itemInScope = false;
            }
        }
        for (ParamSpec p : f.params().values()) {
            if (p.required() && p.defaultValue() == null && !inc.params().containsKey(p.name())) {
                d.error("RB210", inc.pos(), "include does not pass required param '" + p.name() + "'",
                        "add params: {" + p.name() + ": ...} to the include");
            }
        }
        for (Step inner : f.steps()) {
            String qualified = f.includeStepId() + "." + inner.id();
            Position first = seen.putIfAbsent(qualified, inner.pos());
            if (first != null) d.error("RB201", inner.pos(), "duplicate step id '" + qualified + "'", null);
            if (inner.forEach() != null && inner.forEach().query() != null) {
                d.error("RB225", inner.forEach().pos(), "step '" + inner.id() + "' in an include has a for_each query",
                        "read the rows in the runbook's own step, or repeat the include over a list");
            }
            if (s.forEach() != null && inner.forEach() != null) {
                d.error("RB225", inner.forEach().pos(), "step '" + inner.id() + "' has a for_each inside include '" + s.id()
                        + "', which has one too", "for_each does not nest: repeat the include or the step, not both");
            }
            includeItem = s.forEach() != null;
            try {
                step(rb, f.baseDir(), f.params(), inner, earlier, d);
            } finally {
                includeItem = false;
            }
            earlier.add(qualified);
        }
    }

    private static void uniqueId(Step s, Map<String, Position> seen, Diagnostics d) {
        Position first = seen.putIfAbsent(s.id(), s.pos());
        if (first != null) {
            d.error("RB201", s.pos(), "duplicate step id '" + s.id() + "' (first used at " + first + ")",
                    "step ids key the journal and captures; make each one unique");
        }
    }

    // ---- params, targets, environments

    private void params(Map<String, ParamSpec> params, Diagnostics d) {
        for (ParamSpec p : params.values()) {
            if (p.pattern() != null) {
                try {
                    Pattern.compile(p.pattern());
                } catch (PatternSyntaxException e) {
                    d.error("RB209", p.pos(), "param '" + p.name() + "': invalid pattern: " + e.getDescription(), null);
                }
            }
            if (p.type() == ParamSpec.ParamType.ENUM && p.values().isEmpty()) {
                d.error("RB210", p.pos(), "param '" + p.name() + "' is an enum without values", "add values: [a, b]");
            }
            if (p.defaultValue() != null) {
                String problem = ParamRules.check(p, p.defaultValue());
                if (problem != null) d.error("RB210", p.pos(), "default of param '" + p.name() + "' " + problem, null);
            }
            if (p.required() && p.defaultValue() != null) {
                d.warning("RB311", p.pos(), "param '" + p.name() + "' is required but has a default",
                        "drop required: true, or the default");
            }
        }
    }

    private void targets(Runbook rb, Diagnostics d) {
        for (Target t : rb.targets().values()) {
            if (t instanceof Target.Database db) {
                // A postgresql target may leave its connection to the invocation (--embedded, --target NAME=URL);
                // the planner says when none is given (RB405).
                if (db.engine().equals("sqlserver") && db.url() == null && (db.host() == null || db.database() == null)) {
                    d.error("RB217", db.pos(), "target '" + db.name() + "' needs url, or host and database", null);
                }
                for (Template tpl : new Template[] {db.url(), db.host(), db.database(), db.user(), db.password(),
                        db.passwordFile(), db.hostNameInCertificate()}) {
                    if (tpl != null) template(tpl, rb.params(), Set.of(), d);
                }
                if (db.journal() != null) journalTarget(rb, db, d);
            } else if (t instanceof Target.Http h) {
                if (h.url() == null) d.error("RB217", h.pos(), "http target '" + h.name() + "' needs url", null);
                else template(h.url(), rb.params(), Set.of(), d);
            }
        }
        if (rb.defaults().target() != null && !rb.targets().containsKey(rb.defaults().target())) {
            d.error("RB202", rb.pos(), "defaults.target names unknown target '" + rb.defaults().target() + "'",
                    known(rb.targets().keySet()));
        }
    }

    /**
     * A target's {@code journal:} (its own or the runbook's) names another database target that keeps a journal of
     * its own from the run's start: one hop, so every row has one place.
     */
    private void journalTarget(Runbook rb, Target.Database db, Diagnostics d) {
        String where = "target '" + db.name() + "' journal";
        if (databaseTarget(rb, db.journal(), db.pos(), where, d) == null) return;
        Target.Database keeper = (Target.Database) rb.targets().get(db.journal());
        String why = keeper.name().equals(db.name()) ? "names the target itself"
                : keeper.readOnly() ? "names read_only target '" + keeper.name() + "', which keeps no journal"
                : keeper.journal() != null ? "names target '" + keeper.name() + "', whose own journal is in '" + keeper.journal() + "'"
                : keeper.lazy() ? "names target '" + keeper.name() + "', which is connect: lazy (not journaled from the start)"
                : null;
        if (why != null) {
            d.error("RB229", db.pos(), where + " " + why, "name a writable target connected at the start, or drop journal:"
                    + " to keep this target's journal in itself");
        }
    }

    private void environments(Runbook rb, Diagnostics d) {
        Set<String> approvals = new HashSet<>();
        for (Step s : rb.steps()) if (s.action() instanceof Action.Approval) approvals.add(s.id());
        for (EnvironmentPolicy env : rb.environments().values()) {
            if (env.ticketPattern() != null) {
                try {
                    Pattern.compile(env.ticketPattern());
                } catch (PatternSyntaxException e) {
                    d.error("RB209", env.pos(), "environment '" + env.name() + "': invalid require_ticket pattern", null);
                }
            }
            for (String a : env.requireApprovals()) {
                if (!approvals.contains(a)) {
                    d.error("RB211", env.pos(), "environment '" + env.name() + "' requires approval '" + a
                            + "' but no approval step has that id", approvals.isEmpty()
                            ? "add a step with id: " + a + " and approval: {prompt: ...}" : known(approvals));
                }
            }
        }
    }

    // ---- preconditions and steps

    private void precondition(Runbook rb, Precondition p, Diagnostics d) {
        // Each kind checks its own parts and says whether it reads expect: (sql, http and library checks do).
        boolean takesExpect = p.kind().accept(new Precondition.Visitor<Boolean, RuntimeException>() {
            public Boolean sql(Precondition.Sql sql) {
                String engine = databaseTarget(rb, p.target(), p.pos(), "precondition '" + p.name() + "'", d);
                SemanticValidator.this.sql(rb.baseDir(), sql.sql(), d);
                bind(rb, rb.baseDir(), sql.sql(), engine, rb.params(), Set.of(), d);
                if (p.expect() == null) {
                    d.error("RB218", p.pos(), "sql precondition '" + p.name() + "' needs expect:", "e.g. expect: result == 1");
                } else {
                    expr(p.expect(), ExpressionScope.SQL_RESULT, rb.params(), Set.of(), d);
                }
                unused(engine);
                return true;
            }

            public Boolean http(Precondition.Http http) {
                httpRequest(rb, http.request(), rb.params(), Set.of(), d);
                return true;
            }

            public Boolean fileExists(Precondition.FileExists f) {
                template(f.path(), rb.params(), Set.of(), d);
                return false;
            }

            public Boolean expression(Precondition.Expression e) {
                expr(e.expr(), ExpressionScope.CONTEXT, rb.params(), Set.of(), d);
                return false;
            }

            public Boolean migrations(Precondition.Migrations m) {
                String engine = databaseTarget(rb, p.target(), p.pos(), "precondition '" + p.name() + "'", d);
                unused(engine);
                for (String loc : m.locations()) {
                    PathGuard.Resolved r = PathGuard.resolve(rb.baseDir(), loc, p.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
                    if (!r.ok()) d.add(r.problem());
                }
                return false;
            }

            public Boolean guard(Precondition.Guard g) {
                template(g.declared(), rb.params(), Set.of(), d);
                for (Precondition.GuardSource src : g.sources()) {
                    if (src.sql() != null) {
                        String engine = databaseTarget(rb, src.target() != null ? src.target() : p.target(), src.pos(),
                                "guard source", d);
                        SemanticValidator.this.sql(rb.baseDir(), src.sql(), d);
                        bind(rb, rb.baseDir(), src.sql(), engine, rb.params(), Set.of(), d);
                    } else if (src.http() != null) {
                        httpRequest(rb, src.http(), rb.params(), Set.of(), d);
                    }
                }
                if (!rb.environments().isEmpty()) {
                    for (String env : g.values().keySet()) {
                        if (!rb.environments().containsKey(env)) {
                            d.error("RB221", p.pos(), "guard maps unknown environment '" + env + "'",
                                    "environments: " + String.join(", ", rb.environments().keySet()));
                        }
                    }
                }
                return false;
            }

            public Boolean libraryCheck(Precondition.LibraryCheck c) {
                String engine = databaseTarget(rb, p.target(), p.pos(), "precondition '" + p.name() + "'", d);
                SemanticValidator.this.libraryCheck(engine, c.check(), c.params(), p.pos(), rb.params(), Set.of(), d);
                return true;
            }

            public Boolean envVars(Precondition.EnvVars e) {
                return false;
            }
        });
        if (!takesExpect && p.expect() != null) {
            d.error("RB219", p.expect().pos(), "expect: is not used by a " + p.kind().word() + " precondition", "remove it");
        }
    }

    private void step(Runbook rb, Path baseDir, Map<String, ParamSpec> params, Step s, Set<String> earlier,
                      Diagnostics d) {
        String where = "step '" + s.id() + "'";
        if (s.forEach() != null && s.forEach().expression() != null) {
            Expr e = s.forEach().expression();
            expr(e, ExpressionScope.CONTEXT, params, earlier, d);
            if (readsRunTime(e)) {
                d.error("RB225", e.pos(), where + ": for_each must be known when planning, but it reads the run's results",
                        "repeat over a param (type: list) or a literal list, so the plan shows every iteration");
            }
        }
        if (s.forEach() != null && s.forEach().items() != null && s.forEach().items().isEmpty()) {
            d.error("RB225", s.forEach().pos(), where + ": for_each has no items", "list at least one item");
        }
        if (s.rollback() != null && s.noRollback() != null) {
            d.error("RB231", s.pos(), where + " declares both rollback: and no_rollback:",
                    "keep rollback: if the step can be undone, else no_rollback: with the reason");
        }
        itemInScope = s.forEach() != null || includeItem;
        try {
            stepBody(rb, baseDir, params, s, where, earlier, d);
        } finally {
            itemInScope = false;
        }
    }

    private void stepBody(Runbook rb, Path baseDir, Map<String, ParamSpec> params, Step s, String where,
                          Set<String> earlier, Diagnostics d) {
        if (s.when() != null) expr(s.when(), ExpressionScope.CONTEXT, params, earlier, d);
        action(rb, baseDir, params, s.action(), s.target(), s.pos(), where, earlier, d);
        // From here on the step's own outputs are readable: its expect and its rollback may use them.
        boolean added = earlier.add(s.id());
        if (s.expect() != null) expr(s.expect(), ExpressionScope.STEP_RESULT, params, earlier, d);
        if (s.rollback() != null) {
            String target = s.rollback().target() != null ? s.rollback().target() : s.target();
            action(rb, baseDir, params, s.rollback().action(), target, s.rollback().pos(), "the rollback of " + where,
                    earlier, d);
        }
        if (added) earlier.remove(s.id());
        if (s.once() && s.action() instanceof Action.Approval) {
            d.warning("RB312", s.pos(), where + ": once: has no meaning for an approval", "remove once: true");
        }
    }

    private void action(Runbook rb, Path baseDir, Map<String, ParamSpec> params, Action a, String target,
                        Position at, String where, Set<String> earlier, Diagnostics d) {
        a.accept(new Action.Visitor<Void, RuntimeException>() {
            public Void sql(Action.Sql sql) {
                String engine = databaseTarget(rb, target, at, where, d);
                SemanticValidator.this.sql(baseDir, sql.sql(), d);
                bind(rb, baseDir, sql.sql(), engine, params, earlier, d);
                expr(sql.sql().expectAffected(), ExpressionScope.CONTEXT, params, earlier, d);
                return null;
            }

            public Void assertion(Action.Assert as) {
                for (Check c : as.checks()) {
                    String engine = databaseTarget(rb, c.target() != null ? c.target() : target, c.pos(), where, d);
                    if (c.sql() != null) {
                        SemanticValidator.this.sql(baseDir, c.sql(), d);
                        bind(rb, baseDir, c.sql(), engine, params, earlier, d);
                        if (c.expect() == null) {
                            d.error("RB218", c.pos(), "check '" + c.name() + "' of " + where + " needs expect:",
                                    "e.g. expect: count == 0");
                        }
                    } else {
                        libraryCheck(engine, c.libraryCheck(), c.params(), c.pos(), params, earlier, d);
                    }
                    if (c.expect() != null) expr(c.expect(), ExpressionScope.SQL_RESULT, params, earlier, d);
                }
                return null;
            }

            public Void migrate(Action.Migrate m) {
                databaseTarget(rb, target, at, where, d);
                for (String loc : m.spec().locations()) {
                    PathGuard.Resolved r = PathGuard.resolve(baseDir, loc, m.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
                    if (!r.ok()) d.add(r.problem());
                }
                return null;
            }

            public Void http(Action.Http h) {
                httpRequest(rb, h.request(), params, earlier, d);
                return null;
            }

            public Void shell(Action.Shell sh) {
                for (Template t : sh.command().argv()) template(t, params, earlier, d);
                for (Template t : sh.command().env().values()) if (t != null) template(t, params, earlier, d);
                if (sh.command().dir() != null) {
                    PathGuard.Resolved r = PathGuard.resolve(baseDir, sh.command().dir(), sh.pos(), "working directory", PathGuard.Kind.FOLDER);
                    if (!r.ok()) d.add(r.problem());
                }
                return null;
            }

            public Void approval(Action.Approval ap) {
                return null;
            }

            public Void manual(Action.Manual m) {
                if (m.instructions() == null || m.instructions().raw().isBlank()) {
                    d.error("RB228", m.pos(), where + ": manual: needs the instructions a person follows",
                            "e.g. manual: \"Re-enable the agent on ${params.host}: puppet agent --enable\"");
                } else {
                    template(m.instructions(), params, earlier, d);
                }
                return null;
            }

            public Void waiting(Action.Wait w) {
                if ((w.duration() == null) == (w.until() == null)) {
                    d.error("RB227", w.pos(), where + ": wait needs exactly one of a duration or until:",
                            "write wait: 3h, or wait: {until: {sql: ..., expect: ...}, every: 30s, timeout: 2h}");
                    return null;
                }
                if (w.until() == null) return null;
                if (w.timeout() == null) {
                    d.error("RB227", w.pos(), where + ": wait until: needs timeout:", "say how long to wait at most, e.g. timeout: 2h");
                }
                if (w.every() != null && w.every().isZero()) {
                    d.error("RB227", w.pos(), where + ": wait every: must be more than 0s", "e.g. every: 30s");
                }
                return assertion(new Action.Assert(w.pos(), List.of(w.until())));
            }

            public Void include(Action.Include inc) {
                return null; // its fragment is checked step by step (include())
            }
        });
    }

    private void httpRequest(Runbook rb, HttpRequest req, Map<String, ParamSpec> params, Set<String> earlier,
                             Diagnostics d) {
        if (req.url() == null) {
            d.error("RB102", req.pos(), "http needs a url (url:, get: or post:)", "e.g. get: ${params.base_url}/health");
            return;
        }
        template(req.url(), params, earlier, d);
        for (Template t : req.headers().values()) if (t != null) template(t, params, earlier, d);
        if (req.body() != null) template(req.body(), params, earlier, d);
        if (req.expect() != null) expr(req.expect(), ExpressionScope.HTTP_RESULT, params, earlier, d);
        if (req.target() != null) {
            Target t = rb.targets().get(req.target());
            if (t == null) d.error("RB202", req.pos(), "unknown target '" + req.target() + "'", known(rb.targets().keySet()));
            else if (!(t instanceof Target.Http)) {
                d.error("RB203", req.pos(), "target '" + req.target() + "' is " + t.engine() + ", expected an http target", null);
            }
        }
    }

    /** Resolves the database target a SQL-ish item uses and reports what is missing; returns its engine. */
    private String databaseTarget(Runbook rb, String name, Position at, String where, Diagnostics d) {
        String chosen = name != null ? name : rb.defaults().target();
        if (chosen == null) {
            // A loop, not a stream: asked for every sql step and check.
            Target only = null;
            int databases = 0;
            for (Target t : rb.targets().values()) {
                if (t instanceof Target.Database) {
                    only = t;
                    databases++;
                }
            }
            if (databases == 1) return only.engine();
            d.error("RB204", at, where + " needs a database target", databases == 0
                    ? "declare one under targets: (engine: postgresql)"
                    : "several database targets exist; add target: or defaults: {target: ...}");
            return null;
        }
        Target t = rb.targets().get(chosen);
        if (t == null) {
            d.error("RB202", at, where + " names unknown target '" + chosen + "'", known(rb.targets().keySet()));
            return null;
        }
        if (!(t instanceof Target.Database)) {
            d.error("RB203", at, where + ": target '" + chosen + "' is http, expected a database", null);
            return null;
        }
        return t.engine();
    }

    private void sql(Path baseDir, SqlSource sql, Diagnostics d) {
        if (sql.file() != null && sql.text() != null) {
            d.error("RB220", sql.pos(), "sql has both text and file", "keep one");
        } else if (sql.file() == null && (sql.text() == null || sql.text().isBlank())) {
            d.error("RB220", sql.pos(), "sql is empty", "write the statement, or file: path/to.sql");
        }
        if (sql.file() != null) {
            PathGuard.Resolved r = PathGuard.resolve(baseDir, sql.file(), sql.pos(), "SQL file", PathGuard.Kind.FILE);
            if (!r.ok()) d.add(r.problem());
        }
    }

    /**
     * Checks the bind: expressions and every {@code :name} in the SQL: a bind key, a param, or a path from a context
     * root ({@code :steps.backup.count}). An unknown name would otherwise reach the driver as NULL.
     */
    private void bind(Runbook rb, Path baseDir, SqlSource sql, String engine, Map<String, ParamSpec> params, Set<String> earlier,
                      Diagnostics d) {
        for (Expr e : sql.bind().values()) if (e != null) expr(e, ExpressionScope.CONTEXT, params, earlier, d);
        String text = Linter.sqlText(sources, baseDir, sql);
        if (text == null || text.isBlank()) return;
        // An unknown engine is the schema's error (with its position); the names are checked as PostgreSQL's.
        Dialect dialect = Dialect.find(engine).orElseGet(() -> Dialect.forEngine("postgresql"));
        Set<String> reported = new HashSet<>();
        List<SqlStatement> statements;
        try {
            statements = dialect.split(text);
        } catch (dev.runbook.db.SqlScriptException e) {
            d.error("RB230", Linter.positionIn(rb, baseDir, sql, e.line(), e.column()), e.getMessage(), e.hint());
            return;
        }
        for (SqlStatement st : statements) {
            for (String name : dialect.quotedPlaceholderNames(st.text())) quoted(sql, name, params, d);
            for (String name : dialect.parseNamedParameters(st.text()).names()) {
                if (sql.bind().containsKey(name) || !reported.add(name)) continue;
                if (itemInScope && name.equals("item")) continue;
                if (!name.contains(".")) {
                    if (!params.containsKey(name)) {
                        d.error("RB208", sql.pos(), "SQL parameter :" + name + " is neither a param nor a bind: key"
                                + guess(name, params.keySet()),
                                "declare params: {" + name + ": ...}, add bind: {" + name + ": <expression>}, or write "
                                        + ":steps.<id>.<field>");
                    }
                } else {
                    variables(Set.of(List.of(name.split("\\."))), sql.pos(), ExpressionScope.CONTEXT, params, earlier, d);
                }
            }
        }
    }

    private void libraryCheck(String engine, String name, Map<String, String> given, Position at,
                              Map<String, ParamSpec> params, Set<String> earlier, Diagnostics d) {
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getValue() == null || !e.getValue().contains("${")) continue;
            Template t = new Template(e.getValue(), at);
            template(t, params, earlier, d);
            try {
                if (expressions.templateVariables(t.raw()).stream().anyMatch(p -> RUN_TIME_ROOTS.contains(p.get(0)))) {
                    d.error("RB232", at, "param '" + e.getKey() + "' of check '" + name + "' reads the run's results, but a"
                            + " library check's params are resolved when planning", "use params, env, environment or item"
                            + " here; compare run-time values in the check's expect: instead");
                }
            } catch (ExpressionException ex) {
                // reported as RB207 by template()
            }
        }
        if (engine == null) return;
        var check = library.find(engine, name);
        if (check.isEmpty()) {
            d.error("RB212", at, "unknown validation check '" + name + "' for " + engine,
                    "checks live in validation-sql/" + engine + "/<name>.sql");
            return;
        }
        for (String req : check.get().requiredParams()) {
            if (!given.containsKey(req)) {
                d.error("RB210", at, "check '" + name + "' needs param '" + req + "'", "add params: {" + req + ": ...}");
            }
        }
        for (String k : given.keySet()) {
            if (!check.get().requiredParams().contains(k) && !check.get().paramDefaults().containsKey(k)) {
                d.error("RB208", at, "check '" + name + "' has no param '" + k + "'", null);
            }
        }
    }

    // ---- expressions

    private void expr(Expr e, ExpressionScope scope, Map<String, ParamSpec> params, Set<String> earlier, Diagnostics d) {
        if (e == null) return; // a value of the wrong type (a list, a map) is the schema's positioned error
        try {
            variables(expressions.variables(e.source()), e.pos(), scope, params, earlier, d);
        } catch (ExpressionException ex) {
            d.error("RB207", e.pos(), "invalid expression " + ex.getMessage(),
                    "expressions are sandboxed JEXL: compare values (count == 0), no Java classes or 'new'");
        } catch (RuntimeException ex) {
            d.error("RB207", e.pos(), "invalid expression '" + e.source() + "'", null);
        }
    }

    /** Roots of what only the run knows: earlier steps' outputs, the run itself, the targets as connected. */
    private static final Set<String> RUN_TIME_ROOTS = Set.of("steps", "run", "targets");

    private boolean readsRunTime(Expr e) {
        if (e == null) return false;
        try {
            return expressions.variables(e.source()).stream().anyMatch(p -> RUN_TIME_ROOTS.contains(p.get(0)));
        } catch (RuntimeException ex) {
            return false; // reported as RB207 by expr()
        }
    }

    private void template(Template t, Map<String, ParamSpec> params, Set<String> earlier, Diagnostics d) {
        if (t.isConstant()) return;
        try {
            variables(expressions.templateVariables(t.raw()), t.pos(), ExpressionScope.CONTEXT, params, earlier, d);
        } catch (ExpressionException ex) {
            d.error("RB207", t.pos(), ex.getMessage(), "write ${params.name}, ${env.VAR}, ${steps.id.count}");
        }
    }

    private static String guess(String name, Set<String> known) {
        String g = SchemaValidator.closest(name, new java.util.TreeSet<>(known));
        return g == null ? "" : " (did you mean '" + g + "'?)";
    }

    private void variables(Set<List<String>> vars, Position at, ExpressionScope scope,
                           Map<String, ParamSpec> params, Set<String> earlier, Diagnostics d) {
        for (List<String> path : vars) {
            String root = path.get(0);
            if (scope.resultVars.contains(root)) continue;
            if (root.equals("item")) {
                if (!itemInScope) {
                    d.error("RB208", at, "'item' is defined only in a step with for_each",
                            "add for_each: [...] to this step, or use params.<name>");
                }
                continue;
            }
            if (!ExpressionScope.CONTEXT_ROOTS.contains(root)) {
                Set<String> all = new HashSet<>(ExpressionScope.CONTEXT_ROOTS);
                all.addAll(scope.resultVars);
                String guess = SchemaValidator.closest(root, new java.util.TreeSet<>(all));
                d.error("RB208", at, "unknown variable '" + root + "'" + (guess == null ? "" : " (did you mean '" + guess + "'?)"),
                        "available here: " + String.join(", ", new java.util.TreeSet<>(all)));
                continue;
            }
            if (path.size() < 2) continue;
            String name = path.get(1);
            if (root.equals("params") && !params.containsKey(name)) {
                String guess = SchemaValidator.closest(name, new java.util.TreeSet<>(params.keySet()));
                d.error("RB208", at, "unknown param '" + name + "'" + (guess == null ? "" : " (did you mean '" + guess + "'?)"),
                        params.isEmpty() ? "declare it under params:" : known(params.keySet()));
            } else if (root.equals("steps") && !earlier.contains(name) && !stepPrefix(path, earlier)) {
                d.error("RB208", at, "'steps." + name + "' does not name an earlier step",
                        "a step can read only the outputs of steps before it");
            }
        }
    }

    /**
     * A {@code :"name"} or {@code :'name'} placeholder: its value is quoted into the SQL when planning, so it must
     * name a param, the for_each item or a bind: key that only reads what is known then.
     */
    private void quoted(SqlSource sql, String name, Map<String, ParamSpec> params, Diagnostics d) {
        String hint = "quote a param (:\"" + "name\"), the for_each item (:\"item\", :'item.field') or a bind: key "
                + "over them; values from earlier steps go in as bind parameters (:steps.x.y)";
        Expr bound = sql.bind().get(name);
        if (bound != null) {
            if (readsRunTime(bound)) {
                d.error("RB226", sql.pos(), "quoted placeholder " + name + " reads the run's results, but it is quoted "
                        + "into the SQL when planning", hint);
            }
            return;
        }
        String root = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (!name.contains(".") && (params.containsKey(name) || (itemInScope && name.equals("item")))) return;
        if (root.equals("params") || root.equals("env") || (root.equals("item") && itemInScope)) {
            variables(Set.of(List.of(name.split("\\."))), sql.pos(), ExpressionScope.CONTEXT, params, Set.of(), d);
            return;
        }
        d.error("RB226", sql.pos(), "quoted placeholder " + name + " is not known when planning" + guess(name, params.keySet()),
                hint);
    }

    /** steps.inc.inner.count: an included step's qualified id spans two path elements. */
    private static boolean stepPrefix(List<String> path, Set<String> earlier) {
        return path.size() >= 3 && earlier.contains(path.get(1) + "." + path.get(2));
    }

    private static String known(Set<String> names) {
        return names.isEmpty() ? "none are declared" : "known: " + String.join(", ", new java.util.TreeSet<>(names));
    }

    private static void unused(Object o) {
        // The engine name matters only to library checks; other callers just want the reference checked.
    }
}
