package dev.runbook.fleet;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.parse.YNode;
import dev.runbook.parse.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a fleet file (YAML, or CSV when it ends in {@code .csv}) with positions. Every problem is reported in one
 * pass as {@code file:line:col} diagnostics (exit 2); what needs the runbook (target and param names) is checked by
 * {@link FleetPlanner}.
 */
public final class FleetFile {
    /** A target's name becomes its run folder's name, so it stays a plain file name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final List<Diagnostic> problems = new ArrayList<>();

    private FleetFile() {}

    public static Fleet read(Path file) {
        String shown = file.toString();
        FleetFile reader = new FleetFile();
        List<RawTarget> raw = shown.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                ? FleetCsv.read(file, shown, reader.problems)
                : reader.yaml(YamlLoader.load(file, shown));
        return reader.finish(shown, raw);
    }

    /** A target as read, before the checks common to both formats. */
    record RawTarget(Position entry, String name, List<String> labels, String url, Map<String, String> targets,
                     Map<String, String> params, String skip, Map<String, Position> at) {}

    private List<RawTarget> yaml(YNode root) {
        YNode list = root;
        if (root instanceof YNode.YMap map) {
            for (YNode.Entry e : map.entries().values()) {
                if (!e.key().equals("targets") && !e.key().equals("query")) {
                    problems.add(Diagnostic.error("RB801", e.keyPos(), "unknown key '" + e.key() + "' in a fleet file",
                            "a fleet file is 'targets:' followed by a list of targets, or 'query:' on a catalog"));
                }
            }
            if (map.has("query") && !map.has("targets")) return query(map.get("query"));
            list = map.get("targets");
            if (list == null) {
                problems.add(Diagnostic.error("RB801", root.pos(), "a fleet file needs 'targets:'",
                        "targets:\n      - name: tenant-a\n        url: postgresql://db-a/app"));
                return List.of();
            }
        }
        if (!(list instanceof YNode.YSeq seq)) {
            problems.add(Diagnostic.error("RB801", list.pos(), "expected a list of targets, found " + kind(list),
                    "- name: tenant-a\n        url: postgresql://db-a/app"));
            return List.of();
        }
        List<RawTarget> out = new ArrayList<>();
        for (YNode item : seq.items()) {
            if (!(item instanceof YNode.YMap m)) {
                problems.add(Diagnostic.error("RB801", item.pos(), "a fleet target is a mapping, found " + kind(item),
                        "name: tenant-a, url: postgresql://db-a/app, labels: [canary], params: {tenant: a}"));
                continue;
            }
            out.add(yamlTarget(m));
        }
        return out;
    }

    /** {@code query: {url: URL | url_env: VAR, sql: SELECT ...}}: the targets are the rows of a catalog query. */
    private List<RawTarget> query(YNode node) {
        if (!(node instanceof YNode.YMap q) || !(q.get("sql") instanceof YNode.YScalar sql)
                || !(q.get("url") instanceof YNode.YScalar || q.get("url_env") instanceof YNode.YScalar)) {
            problems.add(Diagnostic.error("RB801", node.pos(), "a catalog query needs 'sql' and 'url' or 'url_env'",
                    "query: {url_env: CATALOG_URL, sql: \"SELECT tenant AS name, db_url AS url FROM tenants\"}"));
            return List.of();
        }
        for (YNode.Entry e : q.entries().values()) {
            if (!List.of("sql", "url", "url_env").contains(e.key())) {
                problems.add(Diagnostic.error("RB801", e.keyPos(), "unknown key '" + e.key() + "' in a catalog query",
                        "allowed keys: sql, url, url_env"));
            }
        }
        String url;
        if (q.get("url_env") instanceof YNode.YScalar env) {
            url = System.getenv(env.text());
            if (url == null || url.isBlank()) {
                problems.add(Diagnostic.error("RB806", env.pos(), "environment variable " + env.text() + " is not set",
                        "export " + env.text() + "=postgresql://user@catalog-host/catalog"));
                return List.of();
            }
        } else {
            url = ((YNode.YScalar) q.get("url")).text();
        }
        if (!problems.isEmpty()) return List.of();
        return new FleetQuery(url, sql.text(), sql.pos()).read(problems);
    }

    private RawTarget yamlTarget(YNode.YMap m) {
        Map<String, Position> at = new HashMap<>();
        at.put("entry", m.pos());
        String name = null;
        String url = null;
        String skip = null;
        List<String> labels = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        for (YNode.Entry e : m.entries().values()) {
            at.put(e.key(), e.keyPos());
            switch (e.key()) {
                case "name" -> name = scalar(e);
                case "url" -> url = scalar(e);
                case "skip" -> skip = scalar(e);
                case "labels" -> {
                    if (e.value() instanceof YNode.YSeq s) {
                        for (YNode l : s.items()) {
                            if (l instanceof YNode.YScalar sc && !sc.isNull()) labels.add(sc.text());
                            else problems.add(Diagnostic.error("RB801", l.pos(), "a label is a plain value", null));
                        }
                    } else if (e.value() instanceof YNode.YScalar sc && !sc.isNull()) {
                        labels.add(sc.text());
                    } else {
                        problems.add(Diagnostic.error("RB801", e.value().pos(), "labels are a list", "labels: [canary, eu]"));
                    }
                }
                case "targets", "params" -> {
                    Map<String, String> into = e.key().equals("targets") ? targets : params;
                    String prefix = e.key().equals("targets") ? "target." : "param.";
                    if (!(e.value() instanceof YNode.YMap values)) {
                        problems.add(Diagnostic.error("RB801", e.value().pos(), "'" + e.key() + "' is a mapping",
                                e.key().equals("targets") ? "targets: {app: postgresql://db-a/app}" : "params: {tenant: a}"));
                        continue;
                    }
                    for (YNode.Entry v : values.entries().values()) {
                        at.put(prefix + v.key(), v.keyPos());
                        String text = scalar(v);
                        if (text != null) into.put(v.key(), text);
                    }
                }
                default -> problems.add(Diagnostic.error("RB801", e.keyPos(), "unknown key '" + e.key() + "' in a fleet target",
                        "allowed keys: labels, name, params, skip, targets, url"));
            }
        }
        return new RawTarget(m.pos(), name, labels, url, targets, params, skip, at);
    }

    private String scalar(YNode.Entry e) {
        if (e.value() instanceof YNode.YScalar s && !s.isNull()) return s.text();
        problems.add(Diagnostic.error("RB801", e.value().pos(), "'" + e.key() + "' must be a plain value, found "
                + kind(e.value()), null));
        return null;
    }

    private Fleet finish(String file, List<RawTarget> raw) {
        Map<String, Position> seen = new HashMap<>();
        List<FleetTarget> targets = new ArrayList<>();
        for (RawTarget r : raw) {
            Position namePos = r.at().getOrDefault("name", r.entry());
            if (r.name() == null || r.name().isBlank()) {
                problems.add(Diagnostic.error("RB802", r.entry(), "a fleet target needs a name",
                        "name: tenant-a (letters, digits, '.', '_', '-'; it names the target's run folder)"));
                continue;
            }
            if (!NAME.matcher(r.name()).matches()) {
                problems.add(Diagnostic.error("RB802", namePos, "target name '" + r.name() + "' is not a plain name",
                        "use letters, digits, '.', '_' and '-' (it names the target's run folder)"));
                continue;
            }
            Position first = seen.putIfAbsent(r.name(), namePos);
            if (first != null) {
                problems.add(Diagnostic.error("RB802", namePos, "target name '" + r.name() + "' is used twice (first at "
                        + first + ")", "each target of a fleet needs its own name"));
                continue;
            }
            targets.add(new FleetTarget(targets.size(), r.name(), r.labels(), r.url(), r.targets(), r.params(), r.skip(),
                    r.at()));
        }
        if (raw.isEmpty() && problems.isEmpty()) {
            problems.add(Diagnostic.error("RB801", Position.of(file), "the fleet file lists no targets", null));
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems.stream().sorted().toList());
        return new Fleet(file, targets);
    }

    private static String kind(YNode n) {
        if (n instanceof YNode.YMap) return "a mapping";
        if (n instanceof YNode.YSeq) return "a list";
        return ((YNode.YScalar) n).isNull() ? "nothing" : "'" + ((YNode.YScalar) n).text() + "'";
    }
}
