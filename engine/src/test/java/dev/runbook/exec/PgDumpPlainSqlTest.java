package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pg_dump plain-format file (\restrict, BEGIN ATOMIC functions, COPY ... FROM stdin with inline rows) restored
 * by a {@code sql:} step gives the same database as psql restoring it.
 */
class PgDumpPlainSqlTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private static String contents(PostgresServer.TestDb db) {
        return db.one("SELECT string_agg(format('%s|%s|%s|%s', id, name, price, coalesce(note, '<null>')), E'\\n' ORDER BY id)"
                + " FROM public.items")
                + "\ntax=" + db.one("SELECT public.add_tax(10)") + " label=" + db.one("SELECT public.label(2)")
                + " seq=" + db.one("SELECT last_value FROM public.items_id_seq")
                + " pk=" + db.one("SELECT count(*) FROM pg_constraint WHERE conname = 'items_pkey'");
    }

    @Test
    void aSqlStepRestoresThePlainDumpToTheSameDataAsPsql() throws Exception {
        Path dump = dir.resolve("dump.sql");
        Files.copy(Path.of("src/test/resources/sql/pg_dump_plain.sql"), dump);
        PostgresServer.TestDb byPsql = PG.freshDatabase();
        Process psql = new ProcessBuilder(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", byPsql.clientUrl(),
                "-f", dump.toString())).redirectErrorStream(true).start();
        String psqlOut = new String(psql.getInputStream().readAllBytes());
        assertTrue(psql.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, psql.exitValue(), psqlOut);

        PostgresServer.TestDb byRunbook = PG.freshDatabase();
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: restore-plain
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: restore
                    sql: { file: dump.sql }
                    rollback: { sql: DROP TABLE public.items }
                """);
        TestCli.Result v = TestCli.run("validate", dir.resolve("runbook.yaml").toString());
        assertEquals(0, v.code(), v.all());
        TestCli.Result r = TestCli.run("run", dir.resolve("runbook.yaml").toString(), "--target",
                "app=" + byRunbook.jdbcUrl() + "?user=postgres", "--out", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.all());

        String expected = contents(byPsql);
        assertTrue(expected.contains("back\\slash; -- not a comment") && expected.contains("line one\nline two"), expected);
        assertEquals(expected, contents(byRunbook));
        assertEquals(4, Runs.lastFinished(dir.resolve("run"), "step/restore").get("affected").asInt(),
                "the COPY's rows are the step's affected rows");
        String events = Files.readString(dir.resolve("run").resolve("events.jsonl"));
        assertTrue(events.contains("line 5: psql \\\\restrict skipped") && events.contains("psql \\\\unrestrict skipped"),
                "the skipped psql lines are noted: " + events);
    }

    @Test
    void otherPsqlMetaCommandsAreRefusedAtValidateWithTheirPosition() throws Exception {
        Files.writeString(dir.resolve("restore.sql"), "SELECT 1;\n  \\connect other\nSELECT 2;\n");
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: meta
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: restore
                    sql: { file: restore.sql }
                    rollback: { sql: SELECT 1 }
                """);
        TestCli.Result v = TestCli.run("validate", dir.resolve("runbook.yaml").toString());
        assertEquals(2, v.code(), v.all());
        assertTrue(v.all().contains("restore.sql:2:3") && v.all().contains("RB230")
                && v.all().contains("psql meta-command \\connect"), v.all());
    }
}
