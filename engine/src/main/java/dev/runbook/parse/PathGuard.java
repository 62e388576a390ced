package dev.runbook.parse;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import dev.runbook.reports.text.Printable;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resolves paths a runbook names, refusing any that leave the runbook's folder (also through symlinks). */
public final class PathGuard {
    private PathGuard() {}

    /** Result: the resolved path, or the diagnostic explaining why it is refused or missing. */
    public record Resolved(Path path, Diagnostic problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** What the path must name once resolved. */
    public enum Kind {
        FILE("a file"), FOLDER("a folder"),
        /** A folder whose files are all read (migrations: Flyway scans it recursively), so each must stay inside. */
        FOLDER_OF_FILES("a folder");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Resolves {@code relative} against {@code baseDir}; it must exist, stay inside, and be of the given kind. */
    public static Resolved resolve(Path baseDir, String relative, Position at, String what, Kind kind) {
        if (relative == null || relative.isBlank()) {
            return new Resolved(null, Diagnostic.error("RB205", at, what + " path is empty", null));
        }
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            return new Resolved(null, Diagnostic.error("RB205", at, what + " '" + Printable.of(relative)
                    + "' is not a valid path: " + e.getReason(), "remove control characters such as NUL from the path"));
        }
        Diagnostic outside = outside(baseDir, rel, relative, at, what);
        if (outside != null) return new Resolved(null, outside);
        Path base = baseDir.toAbsolutePath().normalize();
        Path resolved = base.resolve(rel).normalize();
        if (!Files.exists(resolved)) {
            return new Resolved(null, Diagnostic.error("RB205", at, what + " '" + relative + "' not found",
                    "the path is relative to " + base));
        }
        try {
            Path real = resolved.toRealPath();
            if (!real.startsWith(base.toRealPath())) return new Resolved(null, escapes(at, what, relative));
            boolean folder = Files.isDirectory(real);
            if (folder != (kind != Kind.FILE) || (!folder && !Files.isRegularFile(real))) {
                return new Resolved(null, Diagnostic.error("RB205", at, what + " '" + relative + "' is "
                        + (folder ? "a folder" : "not a regular file") + ", expected " + kind.label,
                        kind == Kind.FILE ? "name the .sql or .yaml file itself" : "name the folder that holds the files"));
            }
            if (kind == Kind.FOLDER_OF_FILES) {
                Diagnostic linked = firstEscapingEntry(base.toRealPath(), real, at, what, relative);
                if (linked != null) return new Resolved(null, linked);
            }
            return new Resolved(real, null);
        } catch (IOException e) {
            return new Resolved(null, Diagnostic.error("RB205", at, "cannot read " + what + " '" + relative + "': "
                    + e.getMessage(), null));
        }
    }

    /**
     * Where a path the runbook names would lead, without requiring it to exist yet (a password file is present only
     * where the run happens): the resolved path, or RB206 when it is absolute or leaves the folder, also through an
     * existing symlink.
     */
    public static Resolved inside(Path baseDir, String relative, Position at, String what) {
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            return new Resolved(null, Diagnostic.error("RB205", at, what + " '" + Printable.of(relative)
                    + "' is not a valid path: " + e.getReason(), "remove control characters such as NUL from the path"));
        }
        Diagnostic outside = outside(baseDir, rel, relative, at, what);
        if (outside != null) return new Resolved(null, outside);
        Path resolved = baseDir.toAbsolutePath().normalize().resolve(rel).normalize();
        try {
            if (Files.exists(resolved) && !resolved.toRealPath().startsWith(baseDir.toAbsolutePath().normalize().toRealPath())) {
                return new Resolved(null, escapes(at, what, relative));
            }
        } catch (IOException e) {
            return new Resolved(null, Diagnostic.error("RB205", at, "cannot read " + what + " '" + relative + "': "
                    + e.getMessage(), null));
        }
        return new Resolved(resolved, null);
    }

    private static Diagnostic outside(Path baseDir, Path rel, String relative, Position at, String what) {
        if (rel.isAbsolute()) {
            return Diagnostic.error("RB206", at, what + " '" + relative + "' is an absolute path",
                    "paths are relative to the runbook's folder, so the runbook can be reviewed and moved as one tree");
        }
        Path base = baseDir.toAbsolutePath().normalize();
        return base.resolve(rel).normalize().startsWith(base) ? null : escapes(at, what, relative);
    }

    /** The first entry under the folder (symlinks followed one by one) whose real path leaves the base, or null. */
    private static Diagnostic firstEscapingEntry(Path realBase, Path realFolder, Position at, String what,
                                                 String relative) throws IOException {
        try (Stream<Path> entries = Files.walk(realFolder)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                Path real = entry.toRealPath();
                if (!real.startsWith(realBase)) {
                    String name = relative + "/" + realFolder.relativize(entry);
                    return Diagnostic.error("RB206", at, what + ": '" + Printable.of(name) + "' is a link to "
                            + (Files.isDirectory(real) ? "a folder" : "a file") + " outside the runbook's folder",
                            "copy the file into the runbook's folder instead of linking to it; a runbook is reviewed "
                                    + "and hashed as one tree");
                }
            }
        }
        return null;
    }

    private static Diagnostic escapes(Position at, String what, String relative) {
        return Diagnostic.error("RB206", at, what + " '" + relative + "' escapes the runbook's folder",
                "keep SQL, includes and migrations inside the folder that holds the runbook");
    }
}
