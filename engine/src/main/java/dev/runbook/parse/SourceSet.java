package dev.runbook.parse;

import dev.runbook.diag.Position;
import dev.runbook.text.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one reader of a runbook's files for one command: each file (the runbook, its includes, SQL and
 * migration files) is read from disk once, and parsing, lint, planning and the plan hash all use those
 * bytes, so what is hashed is what was parsed and what will run. Paths are decided by {@link #resolve}.
 * Thread-safe: lint reads beside the semantic checks.
 */
public final class SourceSet {
    private final Map<Path, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<Path, Integer> reads = new ConcurrentHashMap<>();

    /** Which file or folder a path in the runbook means: relative to {@code baseDir} (the folder of the file naming it). */
    public PathGuard.Resolved resolve(Path baseDir, String relative, Position at, String what, PathGuard.Kind kind) {
        return PathGuard.resolve(baseDir, relative, at, what, kind);
    }

    /** The file's bytes, read from disk on first use only. */
    public byte[] bytes(Path file) throws IOException {
        Path key = key(file);
        try {
            return bytes.computeIfAbsent(key, k -> {
                try {
                    byte[] b = Files.readAllBytes(k);
                    reads.merge(k, 1, Integer::sum);
                    return b;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The file as text the way hashes and SQL need it: UTF-8, BOM dropped, line ends LF. */
    public String text(Path file) throws IOException {
        return SourceFiles.normalize(new String(bytes(file), StandardCharsets.UTF_8));
    }

    /** The hash of {@link #text}: of the very bytes read once (no second read). */
    public String sha256(Path file) throws IOException {
        return Hashes.sha256(text(file));
    }

    /** How often each file was read from disk (test hook: always 1). */
    public Map<Path, Integer> readCounts() {
        return new TreeMap<>(reads);
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
