package dev.runbook.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REFERENCE.md states the values {@link Limits} enforces, so the two cannot drift apart unnoticed. */
class LimitsDocumentedTest {
    @Test
    void everyLimitIsDocumentedWithTheValueTheCodeEnforces() throws IOException {
        String reference = Files.readString(Path.of("..", "dsl-schema", "REFERENCE.md"));
        List<String> stated = List.of(
                String.format("%,d bytes", Limits.MAX_RUNBOOK_BYTES),
                "at most " + Limits.MAX_ALIASES + " aliases",
                "nesting up to " + Limits.MAX_YAML_DEPTH + " levels",
                String.format("at most %,d nodes", Limits.MAX_YAML_NODES),
                String.format("at most\n%,d characters per expression", Limits.MAX_EXPRESSION_LENGTH),
                "at most " + Limits.MAX_EXPRESSION_DEPTH + " levels of nesting",
                "may take at most " + Limits.EXPRESSION_TIMEOUT.toSeconds() + " s",
                String.format("strings of at most %,d characters", Limits.MAX_EXPRESSION_STRING),
                String.format("longer than %,d characters is kept whole", Limits.SQL_EXCERPT_CHARS),
                "shorter than " + Limits.MIN_SECRET_LENGTH + " characters is a warning (`RB313`)");
        for (String s : stated) {
            assertTrue(reference.replace("\n", " ").contains(s.replace("\n", " ")), "REFERENCE.md says: " + s);
        }
    }
}
