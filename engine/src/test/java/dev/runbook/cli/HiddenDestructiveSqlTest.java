package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A destructive statement hidden as the third statement of a SQL file: a warning in dev, refused in prod. */
class HiddenDestructiveSqlTest {
    @TempDir
    Path dir;

    @Test
    void theThirdStatementOfAFileIsFoundWithItsPositionAndRefusedWhereLintIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("sql/tidy.sql"), """
                -- tidy the accounts
                UPDATE accounts SET name = trim(name) WHERE name <> trim(name);
                INSERT INTO audit (what) VALUES ('tidy');
                  DELETE FROM sessions;
                """);
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: hidden
                environments:
                  dev: {}
                  prod: { production: true, lint: error }
                targets:
                  app: { engine: postgresql, url: "postgresql://127.0.0.1:9/app" }
                steps:
                  - id: backup
                    backup: true
                    mutating: false
                    shell: [echo, backup]
                  - id: tidy
                    sql: { file: sql/tidy.sql }
                    rollback: { sql: SELECT 1 }
                """);
        Result dev = TestCli.run("validate", rb.toString());
        assertEquals(0, dev.code(), dev.all());
        assertTrue(dev.err().contains("sql/tidy.sql:4:3: warning: DELETE without WHERE in step 'tidy' is not marked destructive"),
                dev.err());
        Result prod = TestCli.run("run", rb.toString(), "--env", "prod", "--out", dir.resolve("run").toString());
        assertEquals(2, prod.code(), prod.all());
        assertTrue(prod.err().contains("sql/tidy.sql:4:3: error: DELETE without WHERE in step 'tidy' is not marked destructive"
                + " (environment 'prod' treats lint as errors)"), prod.err());
        assertTrue(!Files.exists(dir.resolve("run").resolve("events.jsonl")), "nothing ran");
    }
}
