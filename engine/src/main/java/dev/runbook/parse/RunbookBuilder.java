package dev.runbook.parse;

import dev.runbook.diag.Diagnostics;
import dev.runbook.diag.Position;
import dev.runbook.model.ForEach;
import dev.runbook.model.RollbackScope;
import dev.runbook.model.Action;
import dev.runbook.model.Check;
import dev.runbook.model.Defaults;
import dev.runbook.model.EnvironmentPolicy;
import dev.runbook.model.Expr;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.Gate;
import dev.runbook.model.HttpRequest;
import dev.runbook.model.MigrateSpec;
import dev.runbook.model.ParamSpec;
import dev.runbook.model.Precondition;
import dev.runbook.model.RetryPolicy;
import dev.runbook.model.Rollback;
import dev.runbook.model.Runbook;
import dev.runbook.model.ShellCommand;
import dev.runbook.model.SqlSource;
import dev.runbook.model.Step;
import dev.runbook.model.Target;
import dev.runbook.model.Template;
import dev.runbook.parse.YNode.YMap;
import dev.runbook.parse.YNode.YScalar;
import dev.runbook.parse.YNode.YSeq;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the immutable model from a YAML tree that already passed the JSON Schema. It is tolerant
 * (skips what it cannot read) so semantic checks can still run and report in the same pass.
 */
public final class RunbookBuilder {
    static final Set<String> STEP_KINDS = Set.of("sql", "assert", "migrate", "http", "shell", "approval", "include", "wait");
    static final Set<String> PRECONDITION_KINDS = Set.of("sql", "env", "http", "file", "expr", "migrations", "check", "guard");
    static final Set<String> ROLLBACK_KINDS = Set.of("sql", "shell", "http", "manual");

    private final Diagnostics diagnostics;

    public RunbookBuilder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public Runbook build(YNode rootNode, Path file) {
        YMap root = rootNode instanceof YMap m ? m : new YMap(rootNode.pos(), Map.of());
        Defaults defaults = defaults(root.get("defaults"));
        return new Runbook(file, file.toAbsolutePath().getParent(), root.pos(), (int) longOr(root.get("version"), 1),
                str(root.get("id")), str(root.get("title")), str(root.get("owner")), template(root.get("ticket")),
                str(root.get("description")), params(root.get("params")), environments(root.get("environments")),
                targets(root.get("targets"), root.get("journal")), defaults, preconditions(root.get("preconditions")),
                steps(root.get("steps")));
    }

    /** Steps of an include fragment, which is a YAML file holding {@code steps:} (and optionally params). */
    public List<Step> fragmentSteps(YNode rootNode) {
        return rootNode instanceof YMap m ? steps(m.get("steps")) : List.of();
    }

    // ---- header parts

    private Map<String, ParamSpec> params(YNode node) {
        Map<String, ParamSpec> out = new LinkedHashMap<>();
        if (!(node instanceof YMap map)) return out;
        for (YNode.Entry e : map.entries().values()) {
            YMap p = e.value() instanceof YMap m ? m : new YMap(e.value().pos(), Map.of());
            String type = strOr(p.get("type"), "string");
            List<String> values = new ArrayList<>();
            if (p.get("values") instanceof YSeq seq) for (YNode v : seq.items()) values.add(str(v));
            out.put(e.key(), new ParamSpec(e.key(), e.keyPos(),
                    enumOr(ParamSpec.ParamType.class, type, ParamSpec.ParamType.STRING), str(p.get("description")),
                    bool(p.get("required"), false), defaultValue(p.get("default")), str(p.get("pattern")), List.copyOf(values),
                    longObj(p.get("min")), longObj(p.get("max")), bool(p.get("secret"), false)));
        }
        return out;
    }

    private Map<String, EnvironmentPolicy> environments(YNode node) {
        Map<String, EnvironmentPolicy> out = new LinkedHashMap<>();
        if (!(node instanceof YMap map)) return out;
        for (YNode.Entry e : map.entries().values()) {
            YMap p = e.value() instanceof YMap m ? m : new YMap(e.value().pos(), Map.of());
            YNode ticket = p.get("require_ticket");
            boolean requireTicket = ticket instanceof YScalar s
                    && (s.type() == YScalar.ScalarType.STRING || YamlJson.isTrue(s.text()));
            String ticketPattern = ticket instanceof YScalar s && s.type() == YScalar.ScalarType.STRING ? s.text() : null;
            out.put(e.key(), new EnvironmentPolicy(e.key(), e.keyPos(), str(p.get("description")),
                    bool(p.get("production"), false), requireTicket, ticketPattern, strings(p.get("require_approvals")),
                    bool(p.get("require_backup"), false), gate(p.get("destructive")), gate(p.get("seed")),
                    bool(p.get("require_maintenance_window"), false), "error".equals(str(p.get("lint"))),
                    bool(p.get("require_lock_timeout"), false)));
        }
        return out;
    }

    private static Gate gate(YNode node) {
        String v = str(node);
        return enumOr(Gate.class, v, Gate.ALLOW);
    }

    /** @param journal the runbook-level {@code journal:} target, the default of every other database target's */
    private Map<String, Target> targets(YNode node, YNode journalNode) {
        Map<String, Target> out = new LinkedHashMap<>();
        if (!(node instanceof YMap map)) return out;
        String runbookJournal = str(journalNode);
        if (runbookJournal != null && !map.has(runbookJournal)) {
            // Said once here; each target's own journal: is checked with the targets (SemanticValidator).
            diagnostics.error("RB202", journalNode.pos(), "journal: names unknown target '" + runbookJournal + "'",
                    "known: " + String.join(", ", new java.util.TreeSet<>(map.entries().keySet())));
            runbookJournal = null;
        }
        for (YNode.Entry e : map.entries().values()) {
            if (!(e.value() instanceof YMap t)) continue;
            String engine = strOr(t.get("engine"), "postgresql");
            if (engine.equals("http")) {
                out.put(e.key(), new Target.Http(e.key(), e.keyPos(), str(t.get("description")), template(t.get("url")),
                        templateMap(t.get("headers"))));
                continue;
            }
            String lock = strOr(t.get("lock"), "runbook");
            // A read-only target keeps no journal, so the runbook's journal: is nothing to it.
            String journal = t.has("journal") ? str(t.get("journal"))
                    : e.key().equals(runbookJournal) || bool(t.get("read_only"), false) ? null : runbookJournal;
            out.put(e.key(), new Target.Database(e.key(), e.keyPos(), engine, str(t.get("description")),
                    template(t.get("url")), template(t.get("host")), template(t.get("port")), template(t.get("database")),
                    template(t.get("user")), template(t.get("password")), template(t.get("password_file")),
                    template(t.get("encrypt")), template(t.get("trust_server_certificate")),
                    template(t.get("host_name_in_certificate")), strOr(t.get("authentication"), "sql"),
                    enumOr(Target.LockScope.class, lock, Target.LockScope.RUNBOOK), strOr(t.get("journal_table"),
                    dev.runbook.db.JournalSchema.DEFAULT_TABLE), bool(t.get("read_only"), false),
                    "lazy".equals(str(t.get("connect"))), journal));
        }
        return out;
    }

    private Defaults defaults(YNode node) {
        if (!(node instanceof YMap d)) return Defaults.NONE;
        return new Defaults(str(d.get("target")), policyOr(d.get("on_failure"), FailurePolicy.ABORT),
                bound(d.get("timeout")), bound(d.get("run_timeout")), bool(d.get("transaction"), true),
                d.get("retry") == null ? RetryPolicy.NONE : retry(d.get("retry")),
                enumOr(RollbackScope.class, str(d.get("rollback_scope")), RollbackScope.CHECKPOINT));
    }

    // ---- preconditions

    private List<Precondition> preconditions(YNode node) {
        List<Precondition> out = new ArrayList<>();
        if (!(node instanceof YSeq seq)) return out;
        int n = 0;
        for (YNode item : seq.items()) {
            n++;
            if (!(item instanceof YMap m)) continue;
            String kindKey = singleKind(m, PRECONDITION_KINDS, "precondition " + n);
            if (kindKey == null) continue;
            Precondition.Kind kind = switch (kindKey) {
                case "sql" -> new Precondition.Sql(sql(m.get("sql")));
                case "env" -> new Precondition.EnvVars(strings(m.get("env")));
                case "http" -> new Precondition.Http(http(m.get("http"), m.get("expect")));
                case "file" -> new Precondition.FileExists(template(m.get("file")));
                case "expr" -> new Precondition.Expression(expr(m.get("expr")));
                case "migrations" -> migrations(m.get("migrations"));
                case "guard" -> guard(m.get("guard"));
                default -> new Precondition.LibraryCheck(str(m.get("check")), stringMap(m.get("params")));
            };
            String name = str(m.get("name"));
            if (name == null) name = kindKey + " #" + n;
            String onFail = strOr(m.get("on_fail"), "halt");
            out.add(new Precondition(m.pos(), name, kind, str(m.get("target")), expr(m.get("expect")),
                    enumOr(Precondition.OnFail.class, onFail, Precondition.OnFail.HALT)));
        }
        return out;
    }

    private Precondition.Guard guard(YNode node) {
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        List<Precondition.GuardSource> sources = new ArrayList<>();
        if (m.get("sources") instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (!(item instanceof YMap src)) continue;
                int kinds = (src.has("env") ? 1 : 0) + (src.has("sql") ? 1 : 0) + (src.has("http") ? 1 : 0);
                if (kinds != 1) {
                    diagnostics.error("RB114", src.pos(), "a guard source needs exactly one of env, sql or http",
                            "e.g. - env: APP_ENV, or - sql: SELECT value FROM app_settings WHERE key = 'environment'");
                    continue;
                }
                if (src.has("http") && !src.has("field")) {
                    diagnostics.error("RB114", src.pos(), "an http guard source needs field: (where the marker is in the JSON)",
                            "e.g. field: environment");
                }
                sources.add(new Precondition.GuardSource(src.pos(), str(src.get("name")), str(src.get("env")),
                        src.has("sql") ? sql(src.get("sql")) : null, str(src.get("target")),
                        src.has("http") ? http(src.get("http"), null) : null, str(src.get("field"))));
            }
        }
        Map<String, String> values = stringMap(m.get("values"));
        Template declared = m.has("declared") ? template(m.get("declared")) : new Template("${environment}", m.pos());
        return new Precondition.Guard(declared, values, List.copyOf(sources));
    }

    private Precondition.Migrations migrations(YNode node) {
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        return new Precondition.Migrations(strings(m.get("locations")), str(m.get("target")), str(m.get("table")),
                naming(m.get("naming")));
    }

    // ---- steps

    private List<Step> steps(YNode node) {
        List<Step> out = new ArrayList<>();
        if (!(node instanceof YSeq seq)) return out;
        for (YNode item : seq.items()) {
            if (!(item instanceof YMap m)) continue;
            String id = str(m.get("id"));
            String kindKey = singleKind(m, STEP_KINDS, id == null ? "step" : "step '" + id + "'");
            if (kindKey == null || id == null) continue;
            Action action = action(kindKey, m);
            Rollback rollback = null;
            if (m.get("rollback") instanceof YMap rb) {
                String rbKind = singleKind(rb, ROLLBACK_KINDS, "rollback of step '" + id + "'");
                if (rbKind != null) {
                    rollback = new Rollback(rb.pos(), action(rbKind, rb), str(rb.get("target")),
                            bound(rb.get("timeout")), bool(rb.get("after_failure"), false));
                }
            }
            out.add(new Step(id, m.pos(), str(m.get("title")), str(m.get("description")), action,
                    str(m.get("target")), expr(m.get("when")), expr(m.get("expect")),
                    m.get("on_failure") == null ? null : policyOr(m.get("on_failure"), null),
                    m.get("retry") == null ? null : retry(m.get("retry")), bound(m.get("timeout")),
                    bool(m.get("once"), false), bool(m.get("idempotent"), false), bool(m.get("backup"), false), bool(m.get("destructive"), false),
                    bool(m.get("seed"), false), m.get("mutating") == null ? null : bool(m.get("mutating"), true),
                    rollback, forEach(m.get("for_each")), duration(m.get("lock_timeout")), str(m.get("restarts_target")),
                    enumOr(RollbackScope.class, str(m.get("rollback_scope")), null), bool(m.get("checkpoint"), false),
                    str(m.get("no_rollback"))));
        }
        return out;
    }

    /** A literal list keeps its items (strings, or mappings of strings); a string is an expression giving one. */
    private ForEach forEach(YNode node) {
        if (node == null) return null;
        if (node instanceof YScalar sc && !sc.isNull()) {
            return new ForEach(node.pos(), null, new Expr(sc.text(), sc.pos()));
        }
        if (node instanceof YMap qm && qm.has("query")) {
            YNode q = qm.get("query");
            return new ForEach(node.pos(), null, null, new ForEach.Query(q.pos(), str(q), str(qm.get("target"))));
        }
        List<Object> items = new ArrayList<>();
        if (node instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YMap im) {
                    Map<String, Object> fields = new java.util.LinkedHashMap<>();
                    im.entries().forEach((k, e) -> fields.put(k, str(e.value())));
                    items.add(java.util.Collections.unmodifiableMap(fields));
                } else {
                    items.add(str(item));
                }
            }
        }
        return new ForEach(node.pos(), items, null);
    }

    /** Returns the one kind key present, reporting none or several. */
    private String singleKind(YMap m, Set<String> kinds, String what) {
        List<String> present = m.entries().keySet().stream().filter(kinds::contains).toList();
        if (present.size() == 1) return present.get(0);
        List<String> sorted = kinds.stream().sorted().toList();
        if (present.isEmpty()) {
            diagnostics.error("RB110", m.pos(), what + " has no kind: expected exactly one of " + String.join(", ", sorted),
                    "add the key that says what it does, e.g. sql: SELECT 1");
        } else {
            diagnostics.error("RB111", m.keyPos(present.get(1)), what + " has several kinds (" + String.join(", ", present)
                    + "); expected exactly one", "split it into one step per kind");
        }
        return null;
    }

    private Action action(String kind, YMap m) {
        YNode body = m.get(kind);
        Position at = m.keyPos(kind);
        return switch (kind) {
            case "sql" -> new Action.Sql(at, sql(body));
            case "assert" -> new Action.Assert(at, checks(body));
            case "migrate" -> new Action.Migrate(at, migrate(body));
            case "http" -> new Action.Http(at, http(body, null));
            case "shell" -> new Action.Shell(at, shell(body));
            case "approval" -> approval(at, body);
            case "wait" -> waiting(at, body);
            case "manual" -> new Action.Manual(at, template(body));
            default -> include(at, body);
        };
    }

    private SqlSource sql(YNode node) {
        if (node instanceof YScalar s) {
            return new SqlSource(s.pos(), s.text(), null, null, Map.of(), null, null);
        }
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        Map<String, Expr> bind = new LinkedHashMap<>();
        if (m.get("bind") instanceof YMap b) {
            for (YNode.Entry e : b.entries().values()) bind.put(e.key(), expr(e.value()));
        }
        Boolean tx = m.get("transaction") == null ? null : bool(m.get("transaction"), true);
        YNode textNode = m.get("text");
        return new SqlSource(textNode != null ? textNode.pos() : m.pos(), str(textNode), str(m.get("file")), tx, bind,
                expr(m.get("expect_affected")), duration(m.get("statement_timeout")));
    }

    private List<Check> checks(YNode node) {
        List<Check> out = new ArrayList<>();
        if (!(node instanceof YSeq seq)) return out;
        int n = 0;
        for (YNode item : seq.items()) {
            n++;
            if (!(item instanceof YMap m)) continue;
            Check c = check(m, "assertion check " + n, "check " + n);
            if (c != null) out.add(c);
        }
        return out;
    }

    private Check check(YMap m, String what, String defaultName) {
        boolean hasSql = m.has("sql");
        boolean hasCheck = m.has("check");
        if (hasSql == hasCheck) {
            diagnostics.error("RB112", m.pos(), what + " needs exactly one of sql or check",
                    "write sql: SELECT COUNT(*) ... with expect: count == 0, or check: <name from validation-sql/>");
            return null;
        }
        String name = str(m.get("name"));
        if (name == null) name = hasCheck ? str(m.get("check")) : defaultName;
        return new Check(m.pos(), name, hasSql ? sql(m.get("sql")) : null, str(m.get("check")),
                stringMap(m.get("params")), str(m.get("target")), expr(m.get("expect")));
    }

    /** {@code wait: 3h}, or {@code wait: {until: {sql: ..., expect: ...}, every: 30s, timeout: 2h}}. */
    private Action.Wait waiting(Position at, YNode body) {
        if (body instanceof YScalar) return new Action.Wait(at, duration(body), null, null, null);
        YMap m = body instanceof YMap map ? map : new YMap(at, Map.of());
        Check until = m.get("until") instanceof YMap u ? check(u, "the until: of a wait", "condition") : null;
        return new Action.Wait(at, duration(m.get("duration")), until, duration(m.get("every")), duration(m.get("timeout")));
    }

    private MigrateSpec migrate(YNode node) {
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        YMap b = m.get("baseline") instanceof YMap bm ? bm : new YMap(m.pos(), Map.of());
        return new MigrateSpec(m.pos(), strings(m.get("locations")), str(m.get("target")), bool(m.get("validate"), true),
                str(b.get("version")), str(b.get("description")), bool(b.get("on_migrate"), false),
                bool(m.get("out_of_order"), false), strOr(m.get("table"), "flyway_schema_history"),
                strings(m.get("schemas")), naming(m.get("naming")), bool(m.get("one_transaction"), false),
                bool(m.get("mixed"), false));
    }

    private static MigrateSpec.Naming naming(YNode node) {
        String v = str(node);
        return enumOr(MigrateSpec.Naming.class, v, MigrateSpec.Naming.FLYWAY);
    }

    private HttpRequest http(YNode node, YNode outerExpect) {
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        String method = strOr(m.get("method"), "GET");
        YNode url = m.get("url");
        if (m.has("get")) { method = "GET"; url = m.get("get"); }
        if (m.has("post")) { method = "POST"; url = m.get("post"); }
        Expr expect = m.has("expect") ? expr(m.get("expect")) : expr(outerExpect);
        return new HttpRequest(m.pos(), method, template(url), str(m.get("target")), templateMap(m.get("headers")),
                template(m.get("body")), m.has("json") ? YamlJson.of(m.get("json")).json() : null,
                duration(m.get("timeout")), expect);
    }

    private ShellCommand shell(YNode node) {
        if (node instanceof YSeq seq) {
            return new ShellCommand(seq.pos(), templates(seq), null, Map.of(), 0, null);
        }
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        if (m.has("argv") == m.has("script")) {
            diagnostics.error("RB113", m.pos(), "shell needs exactly one of argv or script",
                    "argv: [pg_dump, --format=custom, ...] runs without a shell; script: runs with /bin/sh -eu -c");
        }
        return new ShellCommand(m.pos(), m.get("argv") instanceof YSeq s ? templates(s) : List.of(),
                str(m.get("script")), templateMap(m.get("env")), (int) longOr(m.get("expect_exit"), 0), str(m.get("dir")));
    }

    private Action approval(Position at, YNode node) {
        if (node instanceof YScalar s) return new Action.Approval(at, s.text(), List.of());
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        return new Action.Approval(at, str(m.get("prompt")), strings(m.get("approvers")));
    }

    private Action include(Position at, YNode node) {
        if (node instanceof YScalar s) return new Action.Include(at, s.text(), Map.of());
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        return new Action.Include(at, str(m.get("file")), stringMap(m.get("params")));
    }

    private RetryPolicy retry(YNode node) {
        YMap m = node instanceof YMap map ? map : new YMap(node.pos(), Map.of());
        Set<RetryPolicy.RetryOn> on = EnumSet.noneOf(RetryPolicy.RetryOn.class);
        for (String s : strings(m.get("on"))) {
            RetryPolicy.RetryOn r = enumOr(RetryPolicy.RetryOn.class, s, null);
            if (r != null) on.add(r);
        }
        if (on.isEmpty()) on = EnumSet.of(RetryPolicy.RetryOn.CONNECTION, RetryPolicy.RetryOn.TIMEOUT,
                RetryPolicy.RetryOn.EXPECTATION);
        Duration delay = duration(m.get("delay"));
        double backoff = m.get("backoff") instanceof YScalar s ? parseDouble(s.text()) : 1.0;
        return new RetryPolicy((int) longOr(m.get("attempts"), 1), delay == null ? Duration.ZERO : delay, backoff,
                Set.copyOf(on));
    }

    // ---- scalars

    /** A time bound (timeout, run_timeout): {@code 0s} means none, the one rule for every such key. */
    private Duration bound(YNode node) {
        return dev.runbook.model.TimeBound.of(duration(node));
    }

    private Duration duration(YNode node) {
        if (!(node instanceof YScalar s) || s.isNull()) return null;
        try {
            return Durations.parse(s.text());
        } catch (DateTimeParseException e) {
            diagnostics.error("RB120", s.pos(), "'" + s.text() + "' is not a duration",
                    "write a number with a unit: 500ms, 30s, 10m, 1h30m");
            return null;
        }
    }

    private static FailurePolicy policyOr(YNode node, FailurePolicy fallback) {
        return enumOr(FailurePolicy.class, str(node), fallback);
    }

    /** Schema validation already reported a bad enum value; the builder just falls back and goes on. */
    static <E extends Enum<E>> E enumOr(Class<E> type, String text, E fallback) {
        if (text == null) return fallback;
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** A list param's default may be written as a YAML list; it is kept as the command line would give it. */
    private static String defaultValue(YNode node) {
        if (node instanceof YSeq seq) return String.join(",", seq.items().stream().map(RunbookBuilder::str).toList());
        return str(node);
    }

    static String str(YNode node) {
        return node instanceof YScalar s && !s.isNull() ? s.text() : null;
    }

    private static String strOr(YNode node, String fallback) {
        String s = str(node);
        return s == null ? fallback : s;
    }

    private static boolean bool(YNode node, boolean fallback) {
        return node instanceof YScalar s && !s.isNull() ? YamlJson.isTrue(s.text()) : fallback;
    }

    private static long longOr(YNode node, long fallback) {
        Long v = longObj(node);
        return v == null ? fallback : v;
    }

    private static Long longObj(YNode node) {
        if (!(node instanceof YScalar s) || s.type() != YScalar.ScalarType.INT) return null;
        java.math.BigInteger v = YamlJson.parseInt(s.text());
        return v == null ? null : v.longValue();
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    private static Expr expr(YNode node) {
        return node instanceof YScalar s && !s.isNull() ? new Expr(s.text(), s.pos()) : null;
    }

    private static Template template(YNode node) {
        return node instanceof YScalar s && !s.isNull() ? new Template(s.text(), s.pos()) : null;
    }

    private static List<Template> templates(YSeq seq) {
        List<Template> out = new ArrayList<>();
        for (YNode n : seq.items()) if (n instanceof YScalar s) out.add(new Template(s.text(), s.pos()));
        return List.copyOf(out);
    }

    private static List<String> strings(YNode node) {
        List<String> out = new ArrayList<>();
        if (node instanceof YSeq seq) for (YNode n : seq.items()) if (str(n) != null) out.add(str(n));
        return List.copyOf(out);
    }

    private static Map<String, String> stringMap(YNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof YMap m) for (YNode.Entry e : m.entries().values()) out.put(e.key(), str(e.value()));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, Template> templateMap(YNode node) {
        Map<String, Template> out = new LinkedHashMap<>();
        if (node instanceof YMap m) for (YNode.Entry e : m.entries().values()) out.put(e.key(), template(e.value()));
        return java.util.Collections.unmodifiableMap(out);
    }
}
