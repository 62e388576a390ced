package dev.runbook.migrate;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/**
 * Turns Flyway's exceptions into {@link MigrationFailure}s that name the file, line and database message,
 * since Flyway's own texts are multi-line and name a version where a person looks for a file.
 */
final class FlywayFailures {
    private static final Pattern CHECKSUMS = Pattern.compile("Applied to database : (-?\\d+).*Resolved locally\\s*: (-?\\d+)");

    private FlywayFailures() {}

    static MigrationFailure of(FlywayException e, Supplier<ValidateResult> explicitValidate) {
        if (e instanceof FlywayMigrateException m) return migration(m);
        if (e instanceof FlywayValidateException) return validation(e, explicitValidate);
        SQLException sql = sqlCause(e);
        if (sql != null) {
            String state = sql.getSQLState();
            MigrationFailure.Kind kind = state != null && state.startsWith("08") ? MigrationFailure.Kind.CONNECTION
                    : MigrationFailure.Kind.OTHER;
            return new MigrationFailure(kind, null, null, null, state, oneLine(sql.getMessage()));
        }
        return new MigrationFailure(MigrationFailure.Kind.CONFIGURATION, null, null, null, null, oneLine(e.getMessage()));
    }

    private static MigrationFailure migration(FlywayMigrateException e) {
        String version = e.getMigration() == null || e.getMigration().getVersion() == null ? null
                : e.getMigration().getVersion().getVersion();
        String file = e.getAbsolutePathOnDisk();
        if ((file == null || file.isBlank()) && e.getMigration() != null) file = e.getMigration().getScript();
        Integer line = null;
        FlywaySqlScriptException script = causeOf(e, FlywaySqlScriptException.class);
        if (script != null && script.getLineNumber() > 0) line = script.getLineNumber();
        else if (e.getLineNumber() > 0) line = e.getLineNumber();
        SQLException sql = sqlCause(e);
        String message = sql != null ? oneLine(sql.getMessage()) : oneLine(e.getMessage());
        return new MigrationFailure(MigrationFailure.Kind.MIGRATION_FAILED, file, version, line,
                sql == null ? null : sql.getSQLState(), message);
    }

    /**
     * Flyway's validate-on-migrate message names versions only; an explicit validate (pending ignored)
     * yields each invalid migration with its file, which is what the operator has to look at.
     */
    private static MigrationFailure validation(FlywayException e, Supplier<ValidateResult> explicitValidate) {
        List<ValidateOutput> invalid = List.of();
        try {
            ValidateResult r = explicitValidate.get();
            if (r != null && r.invalidMigrations != null) invalid = r.invalidMigrations;
        } catch (FlywayException ignored) {
            // The original exception still says what failed; only the file names are lost.
        }
        if (invalid.isEmpty()) {
            return new MigrationFailure(MigrationFailure.Kind.VALIDATION_FAILED, null, null, null, null,
                    oneLine(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        for (ValidateOutput o : invalid) problems.add(problem(o));
        ValidateOutput first = invalid.get(0);
        String message = "applied migrations no longer match their files: " + String.join("; ", problems)
                + ". Restore the files as they were applied, or put the change in a new migration";
        return new MigrationFailure(MigrationFailure.Kind.VALIDATION_FAILED, displayPath(first.filepath), first.version,
                null, null, message);
    }

    /** Says what is wrong with one migration in Runbook's words; Flyway's advice to "run repair" does not apply here. */
    static String problem(ValidateOutput o) {
        String name = o.filepath == null || o.filepath.isBlank() ? "version " + o.version : fileName(o.filepath);
        ErrorCode code = o.errorDetails == null ? null : o.errorDetails.errorCode;
        String flyway = o.errorDetails == null ? "invalid" : oneLine(o.errorDetails.errorMessage);
        if (code == CoreErrorCode.CHECKSUM_MISMATCH) {
            Matcher m = CHECKSUMS.matcher(flyway);
            return name + " changed after it was applied" + (m.find() ? " (checksum applied " + m.group(1) + ", now "
                    + m.group(2) + ")" : "");
        }
        if (code == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED) {
            return name + " is older than the applied version and was never applied (out_of_order is off)";
        }
        return name + ": " + flyway.replaceAll("\\s*\\|?\\s*Either revert.*$", "");
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String displayPath(String filepath) {
        if (filepath == null || filepath.isBlank()) return null;
        try {
            return Path.of(filepath).toString();
        } catch (RuntimeException e) {
            return filepath;
        }
    }

    static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) return s;
        }
        return null;
    }

    private static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
        }
        return null;
    }

    /** Database and Flyway messages span lines ("Position: 15", banners); one line reads better in a report. */
    static String oneLine(String s) {
        if (s == null) return "(no message)";
        return s.strip().replaceAll("\\s*\\R\\s*", " | ").replaceAll("-{3,}( \\| )?", "").strip();
    }
}
