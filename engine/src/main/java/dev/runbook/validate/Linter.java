package dev.runbook.validate;

import dev.runbook.db.Dialect;
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
import dev.runbook.parse.SourceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Warnings about risky but legal runbooks: no rollback, unmarked destructive SQL, prod without backup, plain-text secrets. */
final class Linter {
    private static final Pattern READ_ONLY_SQL = Pattern.compile("^\\s*(SELECT|WITH\\s+[^;]*\\bSELECT|SHOW|EXPLAIN|VALUES)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_CREDENTIALS = Pattern.compile("://[^/@\\s:]+:[^@\\s]+@");

    private Linter() {}

    static void lint(Runbook rb, Map<String, Fragment> fragments, Diagnostics d) {
        List<Step> all = new ArrayList<>();
        for (Precondition p : rb.preconditions()) {
            if (p.kind() instanceof Precondition.Sql sql) {
                countOfACount(sqlText(rb.baseDir(), sql.sql()), p.expect(), p.pos(), "precondition '" + p.name() + "'", d);
            }
        }
        for (Step s : rb.steps()) {
            all.add(s);
            step(rb, rb.baseDir(), s, d);
            Fragment f = fragments.get(s.id());
            if (f != null) {
                all.addAll(f.steps());
                for (Step inner : f.steps()) step(rb, f.baseDir(), inner, d);
            }
        }
        for (EnvironmentPolicy env : rb.environments().values()) {
            boolean prod = env.production() || env.name().equalsIgnoreCase("prod") || env.name().equalsIgnoreCase("production");
            boolean hasBackup = all.stream().anyMatch(Step::backup);
            if (prod && !hasBackup && all.stream().anyMatch(s -> mutating(rb, s))) {
                d.warning("RB303", env.pos(), "environment '" + env.name() + "' is production but no step is marked backup: true",
                        "add a backup step (e.g. pg_dump) before the first change, and require_backup: true");
            }
        }
        for (ParamSpec p : rb.params().values()) {
            if (p.secret() && p.defaultValue() != null && p.defaultValue().length() < Limits.MIN_SECRET_LENGTH) {
                d.warning("RB320", p.pos(), "secret param '" + p.name() + "' has a default shorter than "
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

    private static void step(Runbook rb, Path baseDir, Step s, Diagnostics d) {
        if (s.action() instanceof Action.Assert as) {
            for (Check c : as.checks()) {
                if (c.sql() != null) countOfACount(sqlText(baseDir, c.sql()), c.expect(), c.pos(), "check '" + c.name() + "'", d);
            }
        }
        if (s.action() instanceof Action.Sql sql) countOfACount(sqlText(baseDir, sql.sql()), s.expect(), s.pos(), "step '" + s.id() + "'", d);
        if (mutating(rb, s) && s.rollback() == null && !s.backup()) {
            d.warning("RB301", s.pos(), "step '" + s.id() + "' changes the target but declares no rollback",
                    "add rollback: (e.g. pg_restore of the backup), or mutating: false if it changes nothing");
        }
        if (s.action() instanceof Action.Migrate m && !s.destructive()) {
            migrations(rb, baseDir, s, m, d);
        }
        if (s.action() instanceof Action.Sql sql && !s.destructive()) {
            String text = sqlText(baseDir, sql.sql());
            for (DestructiveSql.Finding f : DestructiveSql.find(text, dialectOf(rb, s))) {
                Position at = sqlPosition(rb, baseDir, sql.sql(), f.line(), f.column());
                d.warning("RB302", at, f.what() + " in step '" + s.id() + "' is not marked destructive",
                        "mark the step destructive: true so environment policy can gate it");
            }
        }
    }

    /** Migrations are SQL the step runs too: what they destroy needs the same marking. */
    private static void migrations(Runbook rb, Path baseDir, Step s, Action.Migrate m, Diagnostics d) {
        Dialect dialect = dialectOf(rb, s);
        for (String loc : m.spec().locations()) {
            PathGuard.Resolved r = PathGuard.resolve(baseDir, loc, m.pos(), "migrations folder", PathGuard.Kind.FOLDER_OF_FILES);
            if (!r.ok()) continue; // reported by the semantic checks
            try {
                for (Path bad : MigrationFiles.misnamed(r.path(), m.spec().naming())) {
                    boolean numbered = m.spec().naming() == MigrateSpec.Naming.FLYWAY && MigrationFiles.looksNumbered(bad);
                    d.error("RB224", m.spec().pos(), "migration file " + loc + "/" + bad.getFileName() + " does not follow "
                            + "naming: " + m.spec().naming().name().toLowerCase(java.util.Locale.ROOT)
                            + (numbered ? "" : " (V<version>__<description>.sql, or <number>_<description>.sql with naming: numbered)"),
                            numbered ? "these files are numbered (001_init.sql): add naming: numbered to the migrate step"
                                    : "rename the file, or move what is not a migration out of the folder");
                }
                for (MigrationFiles.Migration mf : MigrationFiles.list(r.path(), m.spec().naming(), m.spec().target())) {
                    String text = SourceFiles.readNormalized(mf.path());
                    for (DestructiveSql.Finding f : DestructiveSql.find(text, dialect)) {
                        d.warning("RB302", new Position(RunbookValidator.displayOf(rb, mf.path()), f.line(), f.column()),
                                f.what() + " in migration " + mf.path().getFileName() + " of step '" + s.id()
                                        + "' is not marked destructive",
                                "mark the step destructive: true so environment policy can gate it");
                    }
                }
            } catch (IOException e) {
                // An unreadable folder or file is the semantic checks' error (RB205), not a lint finding.
            }
        }
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

    static boolean mutating(Runbook rb, Step s) {
        if (s.mutating() != null) return s.mutating();
        Action a = s.action();
        if (a instanceof Action.Sql sql) return !READ_ONLY_SQL.matcher(sqlText(rb.baseDir(), sql.sql())).find();
        if (a instanceof Action.Http h) return !h.request().method().equals("GET") && !h.request().method().equals("HEAD");
        return a instanceof Action.Migrate || a instanceof Action.Shell;
    }

    static String sqlText(Path baseDir, SqlSource sql) {
        if (sql.file() == null) return sql.text() == null ? "" : sql.text();
        PathGuard.Resolved r = PathGuard.resolve(baseDir, sql.file(), sql.pos(), "SQL file", PathGuard.Kind.FILE);
        if (!r.ok()) return "";
        try {
            return SourceFiles.readNormalized(r.path());
        } catch (IOException e) {
            return "";
        }
    }

    /** Where a line and column inside a step's SQL are: in its file, or inside the runbook for inline SQL. */
    static Position sqlPosition(Runbook rb, Path baseDir, SqlSource sql, int line, int column) {
        return sql.file() != null
                ? new Position(RunbookValidator.displayOf(rb, baseDir.resolve(sql.file()).normalize()), line, column)
                : new Position(sql.pos().file(), sql.pos().line() + line - 1, sql.pos().column() + column - 1);
    }

    static boolean isConstant(Template t) {
        return t == null || t.isConstant();
    }
}
