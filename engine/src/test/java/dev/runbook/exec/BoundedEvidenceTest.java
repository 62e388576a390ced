package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.model.Limits;
import dev.runbook.text.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A long script is kept once in the run folder; the event log and the reports carry a bounded excerpt naming it. */
class BoundedEvidenceTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void aFiveMegabyteScriptIsStoredOnceAndTheReportsStaySmall() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE notes (n int, body text)");
        String filler = "żółć 漢字 ".repeat(5 * 1024 * 1024 / 16);
        String script = "INSERT INTO notes VALUES (1, 'first');\nINSERT INTO notes VALUES (2, '" + filler + "');\n"
                + "INSERT INTO notes VALUES (3, 'last');\n";
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("sql/big.sql"), script);
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: big-script
                targets:
                  app: { engine: postgresql, url: "postgresql://u@127.0.0.1:9/x" }
                steps:
                  - id: load
                    sql: { file: sql/big.sql }
                    rollback: { sql: DELETE FROM notes }
                """);
        Path runDir = dir.resolve("run");
        TestCli.Result r = TestCli.run("run", dir.resolve("runbook.yaml").toString(), "--target",
                "app=" + db.jdbcUrl() + "?user=postgres", "--out", runDir.toString(), "--report", "html,json,md,junit");
        assertEquals(0, r.code(), r.all());
        assertEquals("3", db.one("SELECT count(*) FROM notes"));

        Path stored = runDir.resolve("sql").resolve(Hashes.sha256(script) + ".sql");
        assertEquals(script, Files.readString(stored), "the whole script, once, named by its digest");
        try (Stream<Path> sqlFiles = Files.list(runDir.resolve("sql"))) {
            assertEquals(1, sqlFiles.count());
        }
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(stored)).toList()) {
                long size = Files.size(f);
                assertTrue(size < 200_000, f + " is " + size + " bytes: it carries more than an excerpt");
                String text = Files.readString(f);
                if (text.contains("INSERT INTO notes VALUES (1")) {
                    assertTrue(text.contains("sql/" + stored.getFileName()), f + " names the stored script");
                }
            }
        }
        String events = Files.readString(runDir.resolve("events.jsonl"));
        assertTrue(events.contains("characters in all; the whole text is sql/"), events.substring(0, 300));
        assertTrue(Limits.SQL_EXCERPT_CHARS < 10_000);
    }
}
