package dev.runbook.diag;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every diagnostic code Runbook emits, with its default severity and one line saying what it means: the
 * rule metadata SARIF consumers show next to a finding. REFERENCE.md's code tables list the same rules
 * (RulesTest keeps the two and the emitting code in step).
 */
public final class Rules {
    /** One rule: a stable code, how bad it is unless --strict, and what it finds. */
    public record Rule(String code, Severity severity, String description) {}

    private static final Map<String, Rule> RULES = build();

    private Rules() {}

    /** Every rule, ordered by code. */
    public static Collection<Rule> all() {
        return RULES.values();
    }

    /** The rule of a code; a code missing from the catalogue is a bug, reported as a generic rule. */
    public static Rule of(String code) {
        Rule r = RULES.get(code);
        return r != null ? r : new Rule(code, Severity.ERROR, "Runbook diagnostic " + code + ".");
    }

    private static Map<String, Rule> build() {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (Rule r : List.of(
            rule("RB001", Severity.ERROR, "File not found, unreadable, or a directory."),
            rule("RB002", Severity.ERROR, "File larger than 1 MB (move SQL into files)."),
            rule("RB003", Severity.ERROR, "File is not valid UTF-8."),
            rule("RB010", Severity.ERROR, "Invalid YAML (syntax), with the position."),
            rule("RB011", Severity.ERROR, "The file is empty."),
            rule("RB012", Severity.ERROR, "More than 200,000 nodes (an alias bomb)."),
            rule("RB013", Severity.ERROR, "Nesting deeper than 40 levels."),
            rule("RB014", Severity.ERROR, "A key that is not a plain string."),
            rule("RB015", Severity.ERROR, "Merge key << (not supported)."),
            rule("RB016", Severity.ERROR, "Duplicate key (YAML would silently keep the last)."),
            rule("RB100", Severity.ERROR, "Other schema violation (e.g. a list too short, a number out of range)."),
            rule("RB101", Severity.ERROR, "Unknown key, with \"did you mean\" and the allowed keys."),
            rule("RB102", Severity.ERROR, "Missing required key (also: http without url/get/post)."),
            rule("RB103", Severity.ERROR, "Wrong type (e.g. target: 008 must be quoted); also a runbook that is not a mapping."),
            rule("RB104", Severity.ERROR, "Value not in the allowed set (enum/const)."),
            rule("RB105", Severity.ERROR, "Value does not match the pattern (ids, durations, ...)."),
            rule("RB110", Severity.ERROR, "A step or precondition has no kind key."),
            rule("RB111", Severity.ERROR, "A step or precondition has several kind keys."),
            rule("RB112", Severity.ERROR, "An assert check has neither or both of sql and check."),
            rule("RB113", Severity.ERROR, "shell object has neither or both of argv and script."),
            rule("RB114", Severity.ERROR,
                    "A guard source has not exactly one of env, sql or http, or an http source has no field."),
            rule("RB120", Severity.ERROR, "A duration that cannot be parsed."),
            rule("RB201", Severity.ERROR, "Duplicate step id (also between included steps)."),
            rule("RB202", Severity.ERROR, "Unknown target (step, check, http, defaults.target)."),
            rule("RB203", Severity.ERROR, "Wrong kind of target (http where a database is needed, or the reverse)."),
            rule("RB204", Severity.ERROR, "No database target can be chosen (none, or several without target:/defaults.target)."),
            rule("RB205", Severity.ERROR,
                    "A referenced path (SQL file, include, migrations folder, dir) is empty, missing or unreadable."),
            rule("RB206", Severity.ERROR, "A path is absolute or escapes the runbook's folder."),
            rule("RB207", Severity.ERROR, "Invalid expression or ${...} template."),
            rule("RB208", Severity.ERROR, "Unknown variable, param, earlier step, include param or check param."),
            rule("RB209", Severity.ERROR, "Invalid regular expression (pattern, require_ticket)."),
            rule("RB210", Severity.ERROR,
                    "Param rules: enum without values, default that breaks its own rules, missing required include/check param."),
            rule("RB211", Severity.ERROR, "require_approvals names a step that is not an approval step."),
            rule("RB212", Severity.ERROR, "Unknown validation library check for the target's dialect."),
            rule("RB215", Severity.ERROR, "An include fragment declares targets or preconditions."),
            rule("RB216", Severity.ERROR, "A fragment includes another fragment."),
            rule("RB217", Severity.ERROR,
                    "A target lacks its connection (postgresql: url or host; sqlserver: url, or host and database; http: url)."),
            rule("RB218", Severity.ERROR, "A sql precondition or sql check without expect:."),
            rule("RB219", Severity.ERROR, "expect: on a precondition kind that does not use it."),
            rule("RB220", Severity.ERROR, "sql with both text and file, or empty SQL."),
            rule("RB221", Severity.ERROR, "A guard maps an environment the runbook does not declare."),
            rule("RB222", Severity.ERROR,
                    "An include step with an option that belongs on its steps (expect, once, idempotent, backup, mutating, rollback, no_rollback, checkpoint)."),
            rule("RB223", Severity.ERROR,
                    "An include step's when: reads results of earlier steps (it must be decidable when planning)."),
            rule("RB224", Severity.ERROR,
                    "A .sql file in a migrations folder that the step's naming does not accept (Flyway would refuse it); the hint says when naming: numbered fits."),
            rule("RB225", Severity.ERROR,
                    "A for_each that is empty, does not give a list, reads results of earlier steps, has two items with the same key, or is nested (inside an include with for_each)."),
            rule("RB226", Severity.ERROR,
                    "A :\"name\" / :'name' placeholder whose value is not known when planning, is missing, is a list or map, or contains NUL."),
            rule("RB227", Severity.ERROR,
                    "A wait with neither or both of a duration and until, an until without timeout, or every: 0s."),
            rule("RB228", Severity.ERROR, "A manual: rollback without instructions."),
            rule("RB229", Severity.ERROR,
                    "A journal: that names the target itself, a read_only or connect: lazy target, or one whose journal is elsewhere."),
            rule("RB230", Severity.ERROR,
                    "A SQL script the splitter cannot read (e.g. a psql meta-command other than those pg_dump writes), with the position."),
            rule("RB231", Severity.ERROR, "A step with both rollback: and no_rollback:."),
            rule("RB232", Severity.ERROR,
                    "A library check's param reads the run's results (steps, run, targets): its ${...} is resolved when planning."),
            rule("RB233", Severity.ERROR,
                    "A migration file mixing a statement that cannot run in a transaction (CONCURRENTLY, VACUUM, ...) with others, without mixed: true (Flyway refuses it), at the statement."),
            rule("RB301", Severity.WARNING,
                    "A mutating step declares no rollback (say why with no_rollback: \"reason\", or mark mutating: false if it changes nothing)."),
            rule("RB302", Severity.WARNING,
                    "Destructive SQL (DROP, TRUNCATE, ALTER ... DROP/TYPE, DELETE/UPDATE without WHERE, GRANT/REVOKE to PUBLIC) in a step not marked destructive, including the migration files a migrate step would apply (up to its target), with the position inside the file."),
            rule("RB303", Severity.WARNING, "A production environment but no step marked backup: true."),
            rule("RB304", Severity.WARNING, "A plain-text password or credentials in a plain-text URL."),
            rule("RB305", Severity.WARNING,
                    "expect: reads count (rows returned) on a SELECT COUNT(*) query, where it is always 1; the hint rewrites it with result."),
            rule("RB311", Severity.WARNING, "A param is both required and defaulted."),
            rule("RB312", Severity.WARNING, "once: on an approval step."),
            rule("RB313", Severity.WARNING,
                    "A secret param shorter than 8 characters: its default (validate), or the value given (plan). It is masked all the same."),
            rule("RB320", Severity.WARNING,
                    "CREATE INDEX on an existing table without CONCURRENTLY (a SHARE lock blocks writes while it builds)."),
            rule("RB321", Severity.WARNING, "DROP INDEX without CONCURRENTLY (an ACCESS EXCLUSIVE lock on its table)."),
            rule("RB322", Severity.WARNING,
                    "A statement that cannot run in a transaction (CONCURRENTLY, VACUUM, ...) in SQL that runs in one."),
            rule("RB323", Severity.WARNING, "ADD COLUMN on an existing table with a volatile default (rewrites the table)."),
            rule("RB324", Severity.WARNING,
                    "SET NOT NULL on an existing table without a validated CHECK (a full scan under ACCESS EXCLUSIVE)."),
            rule("RB325", Severity.WARNING, "ALTER COLUMN ... TYPE on an existing table (rewrites the table and its indexes)."),
            rule("RB326", Severity.WARNING,
                    "ADD FOREIGN KEY / CHECK on an existing table without NOT VALID (validates every row under the lock)."),
            rule("RB327", Severity.WARNING, "RENAME of a table or column others use (breaks running clients)."),
            rule("RB328", Severity.WARNING,
                    "DDL on an existing table without lock_timeout (queues every later query while it waits)."),
            rule("RB401", Severity.ERROR, "--param or params file names an unknown param."),
            rule("RB402", Severity.ERROR, "A required param was not given."),
            rule("RB403", Severity.ERROR, "A param (or include param) value breaks its rules (type, pattern, enum, bounds)."),
            rule("RB404", Severity.ERROR, "--target names an unknown target."),
            rule("RB405", Severity.ERROR,
                    "A target cannot be resolved: empty URL/host (environment variable not set) or a bad template."),
            rule("RB406", Severity.ERROR, "The runbook declares environments and --env is missing."),
            rule("RB407", Severity.ERROR, "--env names an environment the runbook does not declare."),
            rule("RB408", Severity.ERROR, "A mutating step targets a read_only target."),
            rule("RB409", Severity.ERROR, "A template cannot be interpolated (e.g. the ticket)."),
            rule("RB410", Severity.ERROR, "A plan-time when: fails to evaluate or is not boolean."),
            rule("RB411", Severity.ERROR, "The params file is not a mapping of scalars."),
            rule("RB412", Severity.ERROR,
                    "resume: unknown run id (the targets searched are named), a run that cannot be resumed (succeeded, rolled back, or its runbook, files, params or targets changed), or an embedded target."),
            rule("RB413", Severity.ERROR, "report: the folder is not a run folder (no events.jsonl)."),
            rule("RB414", Severity.ERROR,
                    "run --plan: the saved plan cannot be read, or the plan made now differs from it (each difference listed)."),
            rule("RB415", Severity.ERROR, "--embedded-version without --embedded, or a major the tool cannot start (13-17)."),
            rule("RB801", Severity.ERROR,
                    "The fleet file's shape: not targets: and a list, an unknown key or CSV column, a field that must be a plain value, an unclosed CSV quote, a row with the wrong number of fields."),
            rule("RB802", Severity.ERROR,
                    "A fleet target without a name, with a name that is not plain (letters, digits, ., _, -), or a name used twice."),
            rule("RB803", Severity.ERROR,
                    "A fleet target names a target or param the runbook does not declare, or uses url on a runbook without exactly one database target. Problems planning one target (its params, policies) are reported at its entry, named after it."),
            rule("RB804", Severity.ERROR,
                    "--fleet misused: with --embedded, a fleet folder that already holds a fleet run, a fleet that cannot be resumed (its fleet hash changed)."),
            rule("RB805", Severity.ERROR,
                    "fleet-report: a folder without a fleet index, folders of different fleet plans, or a target in two folders."),
            rule("RB806", Severity.ERROR,
                    "The fleet's catalog query: its URL cannot make a connection, url_env names an unset variable, or the query failed."))) {
            m.put(r.code(), r);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Rule rule(String code, Severity severity, String description) {
        return new Rule(code, severity, description);
    }
}
