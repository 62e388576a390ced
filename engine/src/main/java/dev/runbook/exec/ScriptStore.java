package dev.runbook.exec;

import dev.runbook.model.Limits;
import dev.runbook.text.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the evidence of a run bounded: a step's text (SQL, command, request) longer than
 * {@link Limits#SQL_EXCERPT_CHARS} is written once per run folder, named by its digest, under
 * {@code sql/}; the event log and every report carry only an excerpt that names that file. A 5 MB
 * script is then on disk once instead of in the log and three reports, each held in memory.
 */
final class ScriptStore {
    static final String FOLDER = "sql";

    private final Path runDir;
    private final Map<String, String> stored = new HashMap<>();

    ScriptStore(Path runDir) {
        this.runDir = runDir;
    }

    /** The text itself when short; else an excerpt ending with the relative path of the whole text. */
    String evidence(String maskedText) {
        if (maskedText == null || maskedText.length() <= Limits.SQL_EXCERPT_CHARS) return maskedText;
        String relative = stored.computeIfAbsent(maskedText, this::write);
        int cut = Limits.SQL_EXCERPT_CHARS;
        if (Character.isHighSurrogate(maskedText.charAt(cut - 1))) cut--;
        return maskedText.substring(0, cut) + String.format("%n… (%,d characters in all; the whole text is %s in the run folder)",
                maskedText.length(), relative);
    }

    private String write(String text) {
        String relative = FOLDER + "/" + Hashes.sha256(text) + ".sql";
        Path file = runDir.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the step's text in the run folder: " + e.getMessage(), e);
        }
        return relative;
    }
}
