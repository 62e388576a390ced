package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken input is exit 2 with a position, never an internal error or a stack trace. */
class HostileInputTest {
    private static final String HEADER = """
            version: 1
            id: hostile
            targets:
              db: { engine: postgresql, url: "postgresql://u@127.0.0.1:9/x" }
            steps:
            """;

    @TempDir
    Path dir;

    private Path runbook(String steps) throws IOException {
        Path file = dir.resolve("runbook.yaml");
        Files.writeString(file, HEADER + steps);
        return file;
    }

    private static void assertInvalidAt(TestCli.Result r, String where, String what) {
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains(where), "position " + where + " in:\n" + r.err());
        assertTrue(r.err().contains(what), r.err());
        assertFalse(r.all().contains("internal error") || r.all().contains("\tat "), r.all());
    }

    @Test
    void deeplyNestedExpressionsArePositionedErrorsNotStackOverflows() throws IOException {
        Path file = runbook("  - id: a\n    mutating: false\n    when: \"" + "(".repeat(500) + "1" + ")".repeat(500)
                + " == 1\"\n    sql: SELECT 1\n  - id: b\n    mutating: false\n    when: \"" + "!".repeat(1500)
                + "x\"\n    sql: SELECT 1\n");
        TestCli.Result r = TestCli.run("validate", file.toString());
        assertInvalidAt(r, "runbook.yaml:8:11: error: invalid expression", "nesting deeper than 32 levels");
        assertTrue(r.err().contains("runbook.yaml:12:11: error: invalid expression"), r.err());
    }

    @Test
    void anEmptyEngineIsTheSchemasError() throws IOException {
        Path file = dir.resolve("runbook.yaml");
        Files.writeString(file, HEADER.replace("engine: postgresql", "engine: \"\"") + "  - id: a\n    sql: SELECT 1\n");
        assertInvalidAt(TestCli.run("validate", file.toString()), "runbook.yaml:4:17: error:", "'engine'");
    }

    @Test
    void aNulByteInAPathIsAPositionedError() throws IOException {
        Path file = runbook("  - id: a\n    sql: { file: \"sql/a\\0.sql\" }\n");
        assertInvalidAt(TestCli.run("validate", file.toString()), "runbook.yaml:7:10: error: SQL file 'sql/a\\x00.sql' is not a valid path",
                "[RB205]");
    }

    @Test
    void aSqlFileNamingAFolderIsRefusedByValidateAndPlan() throws IOException {
        Files.createDirectories(dir.resolve("sql"));
        Path file = runbook("  - id: a\n    sql: { file: sql }\n");
        String expected = "runbook.yaml:7:10: error: SQL file 'sql' is a folder, expected a file [RB205]";
        assertInvalidAt(TestCli.run("validate", file.toString()), expected, "hint:");
        assertInvalidAt(TestCli.run("plan", file.toString()), expected, "nothing was executed");
    }

    @Test
    void aMigrationSymlinkedOutsideTheRunbookFolderIsRefused() throws IOException {
        Path book = Files.createDirectories(dir.resolve("book"));
        Path migrations = Files.createDirectories(book.resolve("migrations"));
        Files.writeString(migrations.resolve("001_init.sql"), "CREATE TABLE t (id int);\n");
        Path outside = Files.writeString(dir.resolve("outside.sql"), "DROP TABLE t;\n");
        Files.createSymbolicLink(migrations.resolve("002_tidy.sql"), outside);
        Path file = book.resolve("runbook.yaml");
        Files.writeString(file, HEADER + "  - id: migrate\n    migrate: { locations: [migrations], naming: numbered }\n"
                + "    rollback: { sql: DROP TABLE t }\n");
        String expected = "runbook.yaml:7:5: error: migrations folder: 'migrations/002_tidy.sql' is a link to a file outside"
                + " the runbook's folder [RB206]";
        assertInvalidAt(TestCli.run("validate", file.toString()), expected, "copy the file into the runbook's folder");
        assertInvalidAt(TestCli.run("plan", file.toString()), expected, "nothing was executed");
    }

    @Test
    void aSymlinkInsideTheFolderIsFine() throws IOException {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Path real = Files.writeString(dir.resolve("init.sql"), "CREATE TABLE t (id int);\n");
        Files.createSymbolicLink(migrations.resolve("001_init.sql"), real);
        Path file = runbook("  - id: migrate\n    migrate: { locations: [migrations], naming: numbered }\n"
                + "    rollback: { sql: DROP TABLE t }\n");
        TestCli.Result r = TestCli.run("validate", file.toString());
        assertEquals(0, r.code(), r.all());
    }

    @Test
    void anInternalErrorIsOneLineAndItsTraceNeedsDebug() {
        // Picocli hands an Error to nobody; the CLI's strategy turns it into the one-line bug report.
        picocli.CommandLine cl = RunbookCli.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        int code = ErrorHandler.bug(new StackOverflowError(), cl, null);
        assertEquals(ExitCodes.FAILED, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("internal error (a bug): StackOverflowError; please report it"), err.toString());
    }
}
