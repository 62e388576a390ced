package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/trigram-index-rebuild: one for_each step rebuilds 17 GIN trigram indexes on real PostgreSQL,
 * each iteration journaled as its own item, names quoted into the DDL as identifiers.
 */
class TrigramIndexRebuildTest {
    private static final String RUNBOOK = "../runbooks/examples/trigram-index-rebuild/runbook.yaml";
    private static final String[][] INDEXES = {
        {"issues", "title"}, {"issues", "description"}, {"merge_requests", "title"}, {"merge_requests", "description"},
        {"projects", "name"}, {"projects", "path"}, {"projects", "description"}, {"namespaces", "name"},
        {"namespaces", "path"}, {"users", "name"}, {"users", "username"}, {"users", "email"}, {"snippets", "title"},
        {"snippets", "file_name"}, {"notes", "note"}, {"milestones", "title"}, {"labels", "title"}};

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private static PostgresServer.TestDb schema() {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE EXTENSION pg_trgm");
        List<String> tables = new ArrayList<>();
        for (String[] ix : INDEXES) if (!tables.contains(ix[0])) tables.add(ix[0]);
        for (String t : tables) {
            StringBuilder cols = new StringBuilder("id int PRIMARY KEY");
            for (String[] ix : INDEXES) if (ix[0].equals(t)) cols.append(", ").append(ix[1]).append(" text");
            db.exec("CREATE TABLE " + t + " (" + cols + ")");
            db.exec("INSERT INTO " + t + " SELECT g FROM generate_series(1, 50) g");
        }
        for (String[] ix : INDEXES) {
            db.exec("CREATE INDEX index_" + ix[0] + "_on_" + ix[1] + "_trigram ON " + ix[0] + " USING gin (" + ix[1]
                    + " gin_trgm_ops)");
        }
        return db;
    }

    private static String oids(PostgresServer.TestDb db) {
        return String.join(",", db.column("SELECT indexrelid::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname LIKE '%\\_trigram' ORDER BY c.relname"));
    }

    @Test
    void oneForEachStepRebuildsEveryIndexAsItsOwnJournaledIteration() throws Exception {
        PostgresServer.TestDb db = schema();
        String before = oids(db);
        Path out = dir.resolve("run");
        TestCli.Result r = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-9", "--target", "db=" + db.jdbcUrl()
                + "?user=postgres", "--out", out.toString(), "-q");
        assertEquals(0, r.code(), r.all());
        String after = oids(db);
        assertEquals(17, after.split(",").length, "all 17 indexes exist under their names");
        for (int i = 0; i < 17; i++) {
            assertNotEquals(before.split(",")[i], after.split(",")[i], "index " + i + " was rebuilt (new relation)");
        }
        assertEquals("0", db.one("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
        assertEquals("0", db.one("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_rebuild'"));
        assertEquals("17", db.one("SELECT count(*) FROM runbook.history WHERE item_key LIKE 'step/rebuild[%]'"
                + " AND status = 'succeeded'"), "one journal row per iteration");

        JsonNode report = new ObjectMapper().readTree(Files.readString(out.resolve("report.json")));
        List<String> keys = new ArrayList<>();
        report.path("items").forEach(it -> keys.add(it.path("key").asText()));
        assertTrue(keys.contains("step/rebuild[index_users_on_email_trigram]"), keys.toString());
    }

    @Test
    void aListParamNarrowsTheIterationsAndThePlanShowsEachQuotedStatement() {
        PostgresServer.TestDb db = schema();
        String before = oids(db);
        String target = "db=" + db.jdbcUrl() + "?user=postgres";
        TestCli.Result plan = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-9", "-p",
                "only=index_users_on_email_trigram,index_notes_on_note_trigram", "--target", target);
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("rebuild[index_users_on_email_trigram]  RUN"), plan.out());
        assertTrue(plan.out().contains("rebuild[index_issues_on_title_trigram]  SKIP"), plan.out());
        assertTrue(plan.out().contains("CREATE INDEX CONCURRENTLY \"index_notes_on_note_trigram_rebuild\" ON \"notes\""
                + " USING gin (\"note\" gin_trgm_ops)"), plan.out());

        TestCli.Result r = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-9", "-p", "only=index_notes_on_note_trigram",
                "--target", target, "--out", dir.resolve("one").toString(), "-q");
        assertEquals(0, r.code(), r.all());
        String[] b = before.split(",");
        String[] a = oids(db).split(",");
        int changed = 0;
        for (int i = 0; i < a.length; i++) if (!a[i].equals(b[i])) changed++;
        assertEquals(1, changed, "only the one index named by --param only was rebuilt");
    }
}
