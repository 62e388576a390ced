package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.MigrateSpec;
import dev.runbook.model.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A resolved step body. Text fields of http and shell are templates interpolated at run time
 * (they may read earlier steps' outputs); {@code preview} fields hold what the plan shows now.
 */
public sealed interface PlannedAction permits PlannedAction.Sql, PlannedAction.Assert, PlannedAction.Migrate,
        PlannedAction.Http, PlannedAction.Shell, PlannedAction.Approval, PlannedAction.Wait, PlannedAction.Manual {
    String kind();

    /** What a reviewer reads: SQL text, command line, request line. Secrets masked by the caller. */
    String preview();

    /** Whether this action can change the target (drives lint, policy and rehearsal). */
    boolean mutating();

    <R, X extends Exception> R accept(Visitor<R, X> v) throws X;

    /** One method per kind: a stage that dispatches through it must handle every kind, or it does not compile. */
    interface Visitor<R, X extends Exception> {
        R sql(Sql a) throws X;
        R assertion(Assert a) throws X;
        R migrate(Migrate a) throws X;
        R http(Http a) throws X;
        R shell(Shell a) throws X;
        R approval(Approval a) throws X;
        R waiting(Wait a) throws X;
        R manual(Manual a) throws X;
    }

    record Sql(PlannedSql sql, boolean mutating) implements PlannedAction {
        public String kind() { return "sql"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.sql(this); }
        public String preview() { return sql.text(); }
    }

    record Assert(List<PlannedCheck> checks) implements PlannedAction {
        public String kind() { return "assert"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.assertion(this); }
        public boolean mutating() { return false; }
        public String preview() {
            StringBuilder sb = new StringBuilder();
            for (PlannedCheck c : checks) {
                sb.append("-- ").append(c.name()).append("  (expect: ").append(c.expect()).append(")\n")
                        .append(c.sql().text().strip()).append("\n");
            }
            return sb.toString().strip();
        }
    }

    /**
     * Migrations through Flyway. {@code files} is what a target without migration history gets, in order (the
     * baseline file first when there is one); {@code scripts} every file Flyway reads, as read at plan time, which
     * is what Flyway is given; {@code baselineFile} that baseline or null; {@code belowBaseline} the versions it
     * stands for (run only where the history already has earlier versions); {@code callbacks} the SQL callbacks
     * with their event; {@code ignored} what Flyway skips, with its reason.
     */
    record Migrate(MigrateSpec spec, List<Path> locations, List<String> files, List<MigrationScript> scripts,
                   String baselineFile, List<String> belowBaseline, List<Callback> callbacks, List<String> ignored)
            implements PlannedAction {
        /** An SQL callback file and the Flyway event that runs it. */
        public record Callback(String file, String event) {
            @Override
            public String toString() {
                return file + " (" + event + ")";
            }
        }

        public Migrate {
            files = List.copyOf(files);
            belowBaseline = List.copyOf(belowBaseline);
            callbacks = List.copyOf(callbacks);
            ignored = List.copyOf(ignored);
        }

        public String kind() { return "migrate"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.migrate(this); }
        public boolean mutating() { return true; }
        public String preview() {
            StringBuilder sb = new StringBuilder("migrate ").append(String.join(", ", spec.locations()))
                    .append(spec.target() == null ? " to latest" : " to " + spec.target());
            if (spec.oneTransaction()) sb.append(", all pending migrations in one transaction: all or none commit");
            if (spec.mixed()) sb.append(", a file mixing statements that cannot run in a transaction with others runs outside"
                    + " any (mixed)");
            if (spec.baselineVersion() != null || spec.baselineOnMigrate()) {
                sb.append("\nbaseline: version ").append(spec.baselineVersion() == null ? "1" : spec.baselineVersion())
                        .append(spec.baselineOnMigrate() ? " (baseline_on_migrate: on a target with tables but no migration"
                                + " history, the versions up to it are recorded as present, not run)" : "");
            }
            for (String f : files) {
                sb.append('\n').append(f);
                if (f.equals(baselineFile)) {
                    sb.append("  (baseline migration: a target without migration history runs it instead of the versions up to it)");
                }
            }
            if (!belowBaseline.isEmpty()) {
                sb.append("\nnot run (below the baseline): ").append(String.join(", ", belowBaseline));
            }
            if (!callbacks.isEmpty()) {
                sb.append("\ncallbacks: ").append(String.join(", ", callbacks.stream().map(Callback::toString).toList()));
            }
            if (!ignored.isEmpty()) sb.append("\nignored by Flyway: ").append(String.join(", ", ignored));
            return sb.toString();
        }
    }

    record Http(Position pos, String method, Template url, String target, Map<String, Template> headers,
                Template body, Object json, Duration timeout, String urlPreview) implements PlannedAction {
        public String kind() { return "http"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.http(this); }
        public boolean mutating() { return !method.equals("GET") && !method.equals("HEAD"); }
        public String preview() { return method + " " + urlPreview; }
    }

    /**
     * {@code envPreview} is each env value as the plan shows it: resolved where it reads only params and the item
     * (secret ones are masked by the caller), else as written; the run interpolates {@code env} itself.
     */
    record Shell(Position pos, List<Template> argv, String script, Map<String, Template> env, int expectExit,
                 Path dir, String commandPreview, Map<String, String> envPreview) implements PlannedAction {
        /** A shell body whose env values are shown as written. */
        public Shell(Position pos, List<Template> argv, String script, Map<String, Template> env, int expectExit,
                     Path dir, String commandPreview) {
            this(pos, argv, script, env, expectExit, dir, commandPreview, asWritten(env));
        }

        private static Map<String, String> asWritten(Map<String, Template> env) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            env.forEach((k, v) -> out.put(k, v == null ? "" : v.raw()));
            return java.util.Collections.unmodifiableMap(out);
        }

        public String kind() { return "shell"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.shell(this); }
        public boolean mutating() { return true; }
        public String preview() { return commandPreview; }
    }

    record Approval(String prompt, List<String> approvers) implements PlannedAction {
        public String kind() { return "approval"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.approval(this); }
        public boolean mutating() { return false; }
        public String preview() { return prompt == null ? "operator approval" : prompt; }
    }

    /**
     * A pause: {@code duration}, or polling the check {@code until} every {@code every} until it holds, failing after
     * {@code timeout}. Changes nothing and holds no connection between polls.
     */
    record Wait(Duration duration, PlannedCheck until, Duration every, Duration timeout) implements PlannedAction {
        public String kind() { return "wait"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.waiting(this); }
        public boolean mutating() { return false; }
        public String preview() {
            if (until == null) return "wait " + dev.runbook.text.HumanDuration.of(duration);
            return "wait until " + until.name() + " (expect: " + until.expect() + "), polled every "
                    + dev.runbook.text.HumanDuration.of(every) + ", at most " + dev.runbook.text.HumanDuration.of(timeout)
                    + "\n" + until.sql().text().strip();
        }
    }

    /**
     * A rollback a person does by hand: {@code instructions} is interpolated when the rollback is reached, and
     * {@code preview} is what the plan shows now.
     */
    record Manual(Template instructions, String preview) implements PlannedAction {
        public String kind() { return "manual"; }
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X { return v.manual(this); }
        public boolean mutating() { return false; }
    }
}
