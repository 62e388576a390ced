package dev.runbook.validate;

import dev.runbook.db.Dialect;
import dev.runbook.db.SqlAnalysis;
import dev.runbook.db.SqlFinding;
import dev.runbook.db.StatementAnalysis;
import dev.runbook.diag.Diagnostics;
import dev.runbook.diag.Position;
import dev.runbook.model.Action;
import dev.runbook.model.Check;
import dev.runbook.model.EnvironmentPolicy;
import dev.runbook.model.Expr;
import dev.runbook.model.Precondition;
import dev.runbook.model.MigrateSpec;
import dev.runbook.model.Limits;
import dev.runbook.model.ParamSpec;
import dev.runbook.model.Runbook;
import dev.runbook.model.SqlSource;
import dev.runbook.model.Step;
import dev.runbook.model.Target;
import dev.runbook.model.Template;
import dev.runbook.parse.MigrationFiles;
import dev.runbook.parse.PathGuard;
import dev.runbook.parse.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Warnings about risky but legal runbooks: no rollback, unmarked destructive SQL, prod without backup, plain-text secrets. */
final class Linter {
    private static final Pattern URL_CREDENTIALS = Pattern.compile("://[^/@\\s:]+:[^@\\s]+@");

    private Linter() {}

    static void lint(Runbook rb, Map<String, Fragment> fragments, SourceSet src, Diagnostics d) {
        List<Step> all = new ArrayList<>();
        // Tables and indexes the runbook creates, in step order: lock rules exempt them (nobody uses them yet).
        Set<String> created = new HashSet<>();
        for (Precondition p : rb.preconditions()) {
            if (p.kind() instanceof Precondition.Sql sql) {
                countOfACount(sqlText(src, rb.baseDir(), sql.sql()), p.expect(), p.pos(), "precondition '" + p.name() + "'", d);
            }
        }
        boolean anyMutating = false;
        for (Step s : rb.steps()) {
            all.add(s);
            anyMutating |= step(rb, rb.baseDir(), s, created, src, d);
            Fragment f = fragments.get(s.id());
            if (f != null) {
                all.addAll(f.steps());
                // An included step's files are named from its fragment's folder, as the planner reads them.
                for (Step inner : f.steps()) anyMutating |= step(rb, f.baseDir(), inner, created, src, d);
            }
        }
        for (EnvironmentPolicy env : rb.environments().values()) {
            boolean prod = env.production() || env.name().equalsIgnoreCase("prod") || env.name().equalsIgnoreCase("production");
            boolean hasBackup = all.stream().anyMatch(Step::backup);
            if (prod && !hasBackup && anyMutating) {
                d.warning("RB303", env.pos(), "environment '" + env.name() + "' is production but no step is marked backup: true",
                        "add a backup step (e.g. pg_dump) before the first change, and require_backup: true");
            }
        }
        for (ParamSpec p : rb.params().values()) {
            if (p.secret() && p.defaultValue() != null && p.defaultValue().length() < Limits.MIN_SECRET_LENGTH) {
                d.warning("RB313", p.pos(), "secret param '" + p.name() + "' has a default shorter than "
                        + Limits.MIN_SECRET_LENGTH + " characters: weak, and masking it hides every occurrence of those"
                        + " characters in the output", "use a longer secret, passed with --param or --params-file");
            }
        }
        for (Target t : rb.targets().values()) {
            if (t instanceof Target.Database db) {
                if (db.password() != null && db.password().isConstant()) {
                    d.warning("RB304", db.password().pos(), "target '" + db.name() + "' has a plain-text password",
                            "use password: ${env.DB_PASSWORD} or password_file:");
                }
                if (db.url() != null && db.url().isConstant() && URL_CREDENTIALS.matcher(db.url().raw()).find()) {
                    d.warning("RB304", db.url().pos(), "target '" + db.name() + "' has credentials in a plain-text URL",
                            "use url: ${env.DATABASE_URL}");
                }
            }
        }
    }

    private static final Pattern SELECT_COUNT_ONLY = Pattern.compile(
            "(?is)^\\s*SELECT\\s+COUNT\\s*\\(\\s*(\\*|1|[A-Za-z_.]+)\\s*\\)\\s*(AS\\s+\\w+\\s*)?FROM\\b(?!.*\\bGROUP\\s+BY\\b).*");
    private static final Pattern COUNT_VARIABLE = Pattern.compile("(?<![.\\w])count\\b(?!\\s*\\()");

    /**
     * {@code count} is the number of rows a query returned, so {@code SELECT COUNT(*) ... } with
     * {@code expect: count == 0} can never hold: the author meant {@code result}.
     */
    private static void countOfACount(String sqlText, Expr expect, Position at, String where, Diagnostics d) {
        if (expect == null || sqlText == null) return;
        if (SELECT_COUNT_ONLY.matcher(sqlText.strip()).matches() && COUNT_VARIABLE.matcher(expect.source()).find()) {
            d.warning("RB305", expect.pos(), where + ": expect reads count, the number of rows returned, which is always 1 "
                    + "for SELECT COUNT(*)", "compare the counted value instead: " + expect.source()
                    .replaceAll("(?<![.\\w])count\\b(?!\\s*\\()", "result"));
        }
    }

    /**
     * One step's findings; returns whether it changes its target. A sql step's text is analysed once here for both
     * (it was analysed three times: for the findings, for RB301, and for the production-without-backup rule).
     */
    private static boolean step(Runbook rb, Path baseDir, Step s, Set<String> created, SourceSet src, Diagnostics d) {
        SqlAnalysis analysis = s.action() instanceof Action.Sql sql ? analyse(sqlText(src, baseDir, sql.sql()), dialectOf(rb, s)) : null;
        boolean mutating = mutating(rb, baseDir, s, src, analysis);
        if (s.action() instanceof Action.Assert as) {
            for (Check c : as.checks()) {
                if (c.sql() != null) countOfACount(sqlText(src, baseDir, c.sql()), c.expect(), c.pos(), "check '" + c.name() + "'", d);
            }
        }
        if (s.action() instanceof Action.Sql sql) countOfACount(sqlText(src, baseDir, sql.sql()), s.expect(), s.pos(), "step '" + s.id() + "'", d);
        if (mutating && s.rollback() == null && !s.backup() && s.noRollback() == null) {
            d.warning("RB301", s.pos(), "step '" + s.id() + "' changes the target but declares no rollback",
                    "add rollback: (e.g. pg_restore of the backup), no_rollback: \"why\" if none is possible,"
                            + " or mutating: false if it changes nothing");
        }
        if (s.action() instanceof Action.Migrate m) {
            migrations(rb, baseDir, s, m, created, src, d);
        }
        if (s.action() instanceof Action.Sql sql) {
            if (analysis == null) return mutating;
            Dialect dialect = dialectOf(rb, s);
            for (StatementAnalysis f : s.destructive() ? List.<StatementAnalysis>of() : analysis.destructive()) {
                Position at = positionIn(rb, baseDir, sql.sql(), f.line(), f.column());
                d.warning("RB302", at, f.destructive() + " in step '" + s.id() + "' is not marked destructive",
                        "mark the step destructive: true so environment policy can gate it");
            }
            boolean tx = sql.sql().transaction() != null ? sql.sql().transaction() : rb.defaults().transaction();
            for (SqlFinding f : dialect.lockRisks(analysis, tx, created)) {
                if (coveredByLockTimeout(s, f)) continue;
                d.warning(f.code(), positionIn(rb, baseDir, sql.sql(), f.line(), f.column()),
                        f.message() + " (step '" + s.id() + "')", f.hint());
            }
        }
        return mutating;
    }

    /**
     * Migrations are SQL the step runs too: what they destroy needs the same marking. Linted is what Flyway runs
     * on a target without history (baseline, later versions, repeatables) and the callbacks; versions below a
     * baseline are not. Files Flyway ignores are reported with its reason, since they never run.
     */
    private static void migrations(Runbook rb, Path baseDir, Step s, Action.Migrate m, Set<String> created,
                                   SourceSet src, Diagnostics d) {
        Dialect dialect = dialectOf(rb, s);
        List<MigrationFiles.Folder> folders = new ArrayList<>();
        for (String loc : m.spec().locations()) {
            PathGuard.Resolved r = PathGuard.resolve(baseDir, loc, m.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
            if (r.ok()) folders.add(new MigrationFiles.Folder(loc, r.path())); // else reported by the semantic checks
        }
        try {
            MigrationFiles.Listing listing = MigrationFiles.scan(folders, m.spec().naming());
            for (MigrationFiles.Migration ignored : listing.ignored()) {
                if (!ignored.label().toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) continue; // READMEs and the like
                boolean numbered = m.spec().naming() == MigrateSpec.Naming.FLYWAY && MigrationFiles.looksNumbered(ignored.path());
                boolean flywayStyle = m.spec().naming() == MigrateSpec.Naming.NUMBERED
                        && ignored.path().getFileName().toString().matches("[VBR][0-9_.]*__.*");
                String message = "migration file " + ignored.label() + " is ignored by Flyway (naming: "
                        + m.spec().naming().name().toLowerCase(java.util.Locale.ROOT) + "): " + ignored.ignoredBecause();
                String hint = numbered ? "these files are numbered (001_init.sql): add naming: numbered to the migrate step"
                        : flywayStyle ? "this is a Flyway-style name in a numbered folder: rename it <number>_<description>.sql"
                        : "rename it (V<version>[__<description>].sql, B<version>__x.sql, R__x.sql or a callback such"
                        + " as afterMigrate.sql), or move what is not a migration out of the folder";
                // A file written as a migration of the other naming would silently never run: that is an error.
                if (numbered || flywayStyle) d.error("RB224", m.spec().pos(), message, hint);
                else d.warning("RB224", m.spec().pos(), message, hint);
            }
            List<MigrationFiles.Migration> run = new ArrayList<>(listing.applied(m.spec().target()));
            run.addAll(listing.callbacks());
            for (MigrationFiles.Migration mf : run) {
                SqlAnalysis analysis = analyse(src.text(mf.path()), dialect);
                if (analysis == null) continue;
                String display = RunbookValidator.displayOf(rb, mf.path());
                for (StatementAnalysis f : s.destructive() ? List.<StatementAnalysis>of() : analysis.destructive()) {
                    d.warning("RB302", new Position(display, f.line(), f.column()),
                            f.destructive() + " in migration " + mf.path().getFileName() + " of step '" + s.id()
                                    + "' is not marked destructive",
                            "mark the step destructive: true so environment policy can gate it");
                }
                if (!m.spec().mixed()) mixedMigration(analysis, dialect, display, mf, s, d);
                // Flyway runs a file of only non-transactional statements outside a transaction and refuses a mixed
                // one (or, with mixed, runs it outside one too), so no migration holds such a statement in a transaction.
                for (SqlFinding f : dialect.lockRisks(analysis, false, created)) {
                    if (coveredByLockTimeout(s, f)) continue;
                    d.warning(f.code(), new Position(display, f.line(), f.column()),
                            f.message() + " (migration " + mf.path().getFileName() + " of step '" + s.id() + "')",
                            f.hint());
                }
            }
        } catch (IOException e) {
            // An unreadable folder or file is the semantic checks' error (RB205), not a lint finding.
        }
    }

    /**
     * RB233: Flyway runs a migration file holding only statements that cannot run in a transaction outside one, and
     * every other file inside one; a file with both is refused while its mixed is false, or, when Flyway does not know
     * the statement, run in a transaction that the server refuses it in. Either way the run stops at that file, after
     * the migrations before it were applied. A statement refused on some server versions only is left out: validate
     * does not know the target's version.
     */
    private static void mixedMigration(SqlAnalysis analysis, Dialect dialect, String display, MigrationFiles.Migration mf,
                                       Step s, Diagnostics d) {
        StatementAnalysis refused = null;
        StatementAnalysis other = null;
        for (StatementAnalysis st : analysis.statements()) {
            if (st.nonTransactional() == null) {
                if (other == null) other = st;
            } else if (refused == null && !dialect.refusedOnSomeVersionsOnly(st.nonTransactional())) {
                refused = st;
            }
        }
        if (refused == null || other == null) return;
        d.error("RB233", new Position(display, refused.line(), refused.column()),
                "migration " + mf.path().getFileName() + " of step '" + s.id() + "' mixes a statement that cannot run in"
                        + " a transaction with others (line " + other.line() + "), which Flyway refuses: "
                        + refused.nonTransactional(),
                "move the statement into a migration file of its own (Flyway runs a file of only such statements outside"
                        + " a transaction), or set mixed: true on the step to run the whole file outside one");
    }

    /** RB328 (DDL without lock_timeout) is answered by the step's own lock_timeout option as well as by a SET. */
    private static boolean coveredByLockTimeout(Step s, SqlFinding f) {
        return f.code().equals("RB328") && s.lockTimeout() != null;
    }

    /** The dialect of the step's database target (PostgreSQL when it cannot be told). */
    private static Dialect dialectOf(Runbook rb, Step s) {
        String name = s.target() != null ? s.target() : rb.defaults().target();
        Target t = name == null ? null : rb.targets().get(name);
        if (t == null) {
            t = rb.targets().values().stream().filter(x -> x instanceof Target.Database).findFirst().orElse(null);
        }
        return Dialect.find(t instanceof Target.Database db ? db.engine() : null).orElseGet(() -> Dialect.forEngine("postgresql"));
    }

    /**
     * Whether a step can change its target, by kind (a new kind must say, or this does not compile); {@code analysis}
     * is a sql step's analysis when already made (null: analysed here).
     */
    private static boolean mutating(Runbook rb, Path baseDir, Step s, SourceSet src, SqlAnalysis analysis) {
        if (s.mutating() != null) return s.mutating();
        return s.action().accept(new Action.Visitor<Boolean, RuntimeException>() {
            public Boolean sql(Action.Sql sql) {
                return analysis != null ? !analysis.readOnly() : !readOnly(sqlText(src, baseDir, sql.sql()), dialectOf(rb, s));
            }
            public Boolean assertion(Action.Assert a) { return false; }
            public Boolean migrate(Action.Migrate m) { return true; }
            public Boolean http(Action.Http h) {
                return !h.request().method().equals("GET") && !h.request().method().equals("HEAD");
            }
            public Boolean shell(Action.Shell sh) { return true; }
            public Boolean approval(Action.Approval ap) { return false; }
            public Boolean waiting(Action.Wait w) { return false; } // it only reads, polling its check
            public Boolean manual(Action.Manual m) { return false; } // a person acts; nothing runs
            public Boolean include(Action.Include inc) { return false; } // its steps are judged one by one
        });
    }

    /** The dialect's analysis decides; SQL it cannot split is taken as a change (the run reports the split error). */
    private static boolean readOnly(String sql, Dialect dialect) {
        try {
            return dialect.analyse(sql).readOnly();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The analysis, or null for SQL that cannot be split (the semantic checks report it). */
    private static SqlAnalysis analyse(String sql, Dialect dialect) {
        try {
            return dialect.analyse(sql);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Where {@code line:column} of the SQL is for a reader: in its file, or counted from where the inline text
     * starts in the runbook.
     */
    static Position positionIn(Runbook rb, Path baseDir, SqlSource sql, int line, int column) {
        if (sql.file() != null) {
            return new Position(RunbookValidator.displayOf(rb, baseDir.resolve(sql.file()).normalize()), line, column);
        }
        return new Position(sql.pos().file(), sql.pos().line() + line - 1, sql.pos().column() + column - 1);
    }

    /** The SQL an item names, inline or from its file (read through the command's one reader). */
    static String sqlText(SourceSet src, Path baseDir, SqlSource sql) {
        if (sql.file() == null) return sql.text() == null ? "" : sql.text();
        PathGuard.Resolved r = src.resolve(baseDir, sql.file(), sql.pos(), "SQL file", PathGuard.Kind.FILE);
        if (!r.ok()) return "";
        try {
            return src.text(r.path());
        } catch (IOException e) {
            return "";
        }
    }

    static boolean isConstant(Template t) {
        return t == null || t.isConstant();
    }
}
