package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.testdb.ClientMatchedPostgres;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's promise, kept on a database that already holds data: a validation that finds a non-zero count
 * after the migrations restores the pg_dump taken before them, bringing back the schema and every row.
 */
class StagingBackupRestoreTest {
    @RegisterExtension
    static final ClientMatchedPostgres PG = new ClientMatchedPostgres();

    @TempDir
    Path dir;

    @Test
    void aFailedValidationRestoresTheBackupTakenBeforeTheMigrations() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        db.exec("CREATE TABLE public.legacy_orders (id serial PRIMARY KEY, note text NOT NULL);"
                + " INSERT INTO public.legacy_orders (note) VALUES ('first'), ('second'), ('third');"
                + " CREATE VIEW public.open_orders AS SELECT id FROM public.legacy_orders WHERE note <> 'third';"
                + " CREATE INDEX legacy_orders_note ON public.legacy_orders (note)");
        Path runbook = copyOfSeed003();
        // A user who signs up while 007 runs (the application was not stopped) has no default workspace:
        // the validation after 007 counts one, and the seed says to restore the backup.
        Files.writeString(runbook.resolveSibling("migrations/007_credentials_bootstrap.sql"),
                "\nINSERT INTO public.users (email, name) VALUES ('late@example.com', 'Late signup');\n",
                StandardOpenOption.APPEND);
        String schemaBefore = schema(db);
        String countsBefore = counts(db);
        Path runDir = dir.resolve("run");

        TestCli.Result r = TestCli.run("run", runbook.toString(), "--env", "dev", "-p", "ticket=OPS-42",
                "-p", "backup_tool=pg_dump", "--target", "app=" + db.jdbcUrl() + "?user=postgres", "--out", runDir.toString());

        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("validate-defaults"), r.all());
        Path backup = runDir.resolve("staging_before_migration.backup");
        assertTrue(Files.size(backup) > 0, "the backup step really dumped");
        String toc = pgRestoreList(backup);
        assertTrue(toc.contains("TABLE DATA public legacy_orders"), toc);
        assertTrue(Files.readString(runDir.resolve("restored")).isEmpty(), "the restore ran");
        assertEquals(schemaBefore, schema(db), "pg_restore brought the schema back as it was before the run");
        assertEquals(countsBefore, counts(db), "and every row");
        assertEquals(List.of("first", "second", "third"), db.column("SELECT note FROM public.legacy_orders ORDER BY id"));
    }

    private Path copyOfSeed003() throws IOException {
        Path from = Path.of("../runbooks/staging-migrations-001-008");
        Path to = dir.resolve("seed003");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        return to.resolve("runbook.yaml");
    }

    /** The schema as pg_dump sees it, without the run journal (kept on purpose) and pg_dump's per-run lines. */
    private static String schema(TestPostgres.Db db) throws Exception {
        String dump = tool("pg_dump", "--schema-only", "--exclude-schema=runbook", "--dbname=" + url(db));
        return dump.lines().filter(l -> !l.startsWith("--") && !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }

    private static String counts(TestPostgres.Db db) {
        List<String> tables = db.column("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                + " AND table_schema NOT IN ('pg_catalog', 'information_schema', 'runbook') ORDER BY 1");
        return tables.stream().map(t -> t + "=" + db.one("SELECT count(*) FROM " + t)).collect(Collectors.joining(", "));
    }

    private static String pgRestoreList(Path backup) throws Exception {
        return tool("pg_restore", "--list", backup.toString());
    }

    private static String url(TestPostgres.Db db) {
        return "postgresql://postgres@localhost:" + db.port() + "/" + db.name();
    }

    private static String tool(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
        return out;
    }
}
