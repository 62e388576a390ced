package dev.runbook.parse;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves paths a runbook names, refusing any that leave the runbook's folder (also through symlinks). */
public final class PathGuard {
    private PathGuard() {}

    /** Result: the resolved path, or the diagnostic explaining why it is refused or missing. */
    public record Resolved(Path path, Diagnostic problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    public static Resolved resolve(Path baseDir, String relative, Position at, String what, boolean mustExist) {
        if (relative == null || relative.isBlank()) {
            return new Resolved(null, Diagnostic.error("RB205", at, what + " path is empty", null));
        }
        Path rel = Path.of(relative);
        if (rel.isAbsolute()) {
            return new Resolved(null, Diagnostic.error("RB206", at, what + " '" + relative + "' is an absolute path",
                    "paths are relative to the runbook's folder, so the runbook can be reviewed and moved as one tree"));
        }
        Path base = baseDir.toAbsolutePath().normalize();
        Path resolved = base.resolve(rel).normalize();
        if (!resolved.startsWith(base)) {
            return new Resolved(null, escapes(at, what, relative));
        }
        if (!Files.exists(resolved)) {
            return mustExist
                    ? new Resolved(null, Diagnostic.error("RB205", at, what + " '" + relative + "' not found",
                    "the path is relative to " + base))
                    : new Resolved(resolved, null);
        }
        try {
            Path real = resolved.toRealPath();
            if (!real.startsWith(base.toRealPath())) return new Resolved(null, escapes(at, what, relative));
            return new Resolved(real, null);
        } catch (IOException e) {
            return new Resolved(null, Diagnostic.error("RB205", at, "cannot read " + what + " '" + relative + "': "
                    + e.getMessage(), null));
        }
    }

    private static Diagnostic escapes(Position at, String what, String relative) {
        return Diagnostic.error("RB206", at, what + " '" + relative + "' escapes the runbook's folder",
                "keep SQL, includes and migrations inside the folder that holds the runbook");
    }
}
