package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/drop-invalid-indexes on real PostgreSQL: for_each over the rows of a query. The plan shows the
 * step unexpanded, or every row with --connect; the run reads the rows once and journals them; a resume after a
 * failure repeats over the same rows, each exactly once, and not over a row that appeared since.
 */
class ForEachQueryRowsTest {
    private static final String RUNBOOK = "../runbooks/examples/drop-invalid-indexes/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    /** A unique index built concurrently over duplicates fails and stays behind, INVALID. */
    private static void invalidIndex(PostgresServer.TestDb db, String table, String index) {
        db.exec("CREATE TABLE IF NOT EXISTS " + table + " (x int)");
        db.exec("INSERT INTO " + table + " VALUES (1), (1)");
        try {
            db.exec("CREATE UNIQUE INDEX CONCURRENTLY " + index + " ON " + table + " (x)");
        } catch (RuntimeException expected) {
            // the duplicate makes the build fail; the index is left INVALID
        }
    }

    private static String invalid(PostgresServer.TestDb db) {
        return String.join(",", db.column("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE NOT i.indisvalid ORDER BY 1"));
    }

    @Test
    void theRowsAreReadOnceJournaledAndResumeRepeatsOverTheSameRows() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        invalidIndex(db, "orders", "orders_x_uniq");
        invalidIndex(db, "users", "users_x_uniq");
        assertEquals("orders_x_uniq,users_x_uniq", invalid(db));
        String target = "db=" + db.jdbcUrl() + "?user=postgres";

        TestCli.Result plain = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-5", "--target", target);
        assertEquals(0, plain.code(), plain.all());
        assertTrue(plain.out().contains("drop-invalid[*]") && plain.out().contains("for each row of: SELECT c.relname"),
                "without a connection the plan shows the step once, with its query: " + plain.out());
        TestCli.Result connected = TestCli.run("plan", RUNBOOK, "-p", "ticket=OPS-5", "--target", target, "--connect");
        assertEquals(0, connected.code(), connected.all());
        assertTrue(connected.out().contains("drop-invalid[orders_x_uniq]")
                && connected.out().contains("DROP INDEX CONCURRENTLY IF EXISTS \"users_x_uniq\""), connected.out());

        Path runs = dir.resolve("runs");
        TestCli.Result first;
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            // Another session holds users: its index cannot be dropped within the step's lock_timeout.
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
            first = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-5", "--target", target, "--out",
                    runs.resolve("first").toString());
            holder.rollback();
        }
        assertEquals(1, first.code(), first.all());
        assertEquals("users_x_uniq", invalid(db), "the first index was dropped, the locked one not: " + first.all());
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(first.all());
        assertTrue(m.find(), first.all());
        String runId = m.group(1);
        Files.move(runs.resolve("first"), runs.resolve(runId));
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'rows/drop-invalid' AND detail LIKE '%users_x_uniq%'"), "the rows are journaled");

        invalidIndex(db, "payments", "payments_x_uniq");
        TestCli.Result resume = TestCli.run("resume", runId, "--runs", runs.toString(), "--target", target,
                "--out", dir.resolve("resumed").toString());
        assertEquals(0, resume.code(), resume.all());
        assertEquals("payments_x_uniq", invalid(db),
                "resume dropped the rest of the rows it had read, not the index that appeared since: " + resume.all());
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history WHERE item_key = 'step/drop-invalid[orders_x_uniq]'"
                + " AND status = 'succeeded'"), "each row's iteration ran exactly once");
        assertTrue(!resume.all().contains("payments_x_uniq"), resume.all());
    }

    @Test
    void aQueryThatChangesThingsIsRefused() throws Exception {
        Files.writeString(dir.resolve("rb.yaml"), """
                version: 1
                id: rows
                targets:
                  db: { engine: postgresql, url: "postgresql://localhost/x" }
                steps:
                  - id: each
                    for_each: { query: "DELETE FROM t RETURNING id" }
                    sql: SELECT 1
                """);
        TestCli.Result r = TestCli.run("plan", dir.resolve("rb.yaml").toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("RB225") && r.all().contains("must only read") && r.all().contains("rb.yaml:7:"),
                r.all());
    }
}
