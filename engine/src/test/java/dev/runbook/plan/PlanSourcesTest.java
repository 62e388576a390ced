package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.text.Hashes;

import dev.runbook.TestRunbooks;
import dev.runbook.diag.Diagnostic;
import dev.runbook.expr.Expressions;
import dev.runbook.parse.SourceFiles;
import dev.runbook.validate.ValidatedRunbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan is made from one read of each file, and an include fragment's files come from its own folder. */
class PlanSourcesTest {
    private static Path runbook(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("frag"));
        // Same file name in both folders: only the fragment's folder is right for the included step.
        Files.writeString(dir.resolve("q.sql"), "DELETE FROM audit_log\n");
        Files.writeString(dir.resolve("frag/q.sql"), "SELECT 1\n");
        Files.writeString(dir.resolve("frag/checks.yaml"), """
                steps:
                  - id: probe
                    sql: { file: q.sql }
                """);
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: sources
                targets:
                  db: { engine: postgresql, url: "postgresql://h/db" }
                steps:
                  - id: purge
                    sql: { file: q.sql }
                    destructive: true
                    rollback: { sql: SELECT 1 }
                  - id: again
                    sql: { file: q.sql }
                    destructive: true
                    rollback: { sql: SELECT 1 }
                  - id: checks
                    include: { file: frag/checks.yaml }
                """);
        return dir.resolve("runbook.yaml");
    }

    @Test
    void validateAndPlanReadEveryFileOnceAndHashTheBytesParsed(@TempDir Path dir) throws IOException {
        Path file = runbook(dir);
        ValidatedRunbook v = TestRunbooks.validate(file);
        Plan plan = new Planner(new Expressions()).plan(v, new Invocation(null, Map.of(), Map.of(), null, Map.of(), false,
                Set.of(), null, false, "tester", Map.of()));
        Map<Path, Integer> reads = v.sources().readCounts();
        Path real = dir.toRealPath();
        assertEquals(Set.of(real.resolve("runbook.yaml"), real.resolve("q.sql"), real.resolve("frag/q.sql"),
                real.resolve("frag/checks.yaml")), Set.copyOf(reads.keySet().stream().map(PlanSourcesTest::real).toList()));
        reads.forEach((p, n) -> assertEquals(1, n, p + " read " + n + " times"));
        assertEquals("sha256:" + Hashes.sha256(SourceFiles.normalize(Files.readString(file))), plan.runbookChecksum());
        assertEquals("SELECT 1\n", ((PlannedAction.Sql) plan.steps().get(2).action()).sql().text());
    }

    @Test
    void lintReadsAnIncludedStepsSqlFromTheFragmentsFolder(@TempDir Path dir) throws IOException {
        ValidatedRunbook v = TestRunbooks.validate(runbook(dir));
        // checks.probe runs frag/q.sql (SELECT 1): it changes nothing, so no "declares no rollback" warning.
        assertFalse(v.diagnostics().stream().map(Diagnostic::message).anyMatch(m -> m.contains("'probe' changes the target")),
                v.diagnostics().toString());
        Files.writeString(dir.resolve("frag/q.sql"), "UPDATE t SET n = 1\n");
        Files.writeString(dir.resolve("q.sql"), "SELECT 1\n");
        ValidatedRunbook flipped = TestRunbooks.validate(dir.resolve("runbook.yaml"));
        assertTrue(flipped.diagnostics().stream().map(Diagnostic::message).anyMatch(m -> m.contains("'probe' changes the target")),
                flipped.diagnostics().toString());
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
