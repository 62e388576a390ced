package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli.Result;
import dev.runbook.TestCli;
import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * run --rehearse on real PostgreSQL: everything that can run inside a transaction really runs, and afterwards
 * the catalog and every table's contents are as before (the journal's own schema records the rehearsal).
 */
class RehearsalTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;


    private static Result cli(String... args) {
        return TestCli.run(args);
    }

    /** Tables, columns, indexes, constraints, grants and every table's rows, outside the journal's schema. */
    private static String snapshot(PostgresServer.TestDb db) {
        String outside = "NOT IN ('pg_catalog', 'information_schema', 'runbook', 'pg_toast')";
        String catalog = db.one("SELECT string_agg(x, '|' ORDER BY x) FROM ("
                + " SELECT 'table ' || table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema " + outside
                + " UNION ALL SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type"
                + "   FROM information_schema.columns WHERE table_schema " + outside
                + " UNION ALL SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname " + outside
                + " UNION ALL SELECT 'constraint ' || n.nspname || '.' || c.conname FROM pg_constraint c"
                + "   JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname " + outside
                + " UNION ALL SELECT 'grant ' || grantee || ' ' || table_schema || '.' || table_name || ' ' || privilege_type"
                + "   FROM information_schema.role_table_grants WHERE table_schema " + outside
                + " UNION ALL SELECT 'role ' || rolname FROM pg_roles) s(x)");
        StringBuilder rows = new StringBuilder(catalog == null ? "" : catalog);
        String tables = db.one("SELECT string_agg(format('%I.%I', table_schema, table_name), ',') FROM information_schema.tables"
                + " WHERE table_type = 'BASE TABLE' AND table_schema " + outside);
        if (tables != null) {
            for (String t : tables.split(",")) {
                rows.append('\n').append(t).append('=').append(db.one("SELECT md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), ''))"
                        + " FROM " + t + " r"));
            }
        }
        return rows.toString();
    }

    @Test
    void rehearsingTheSeed003RunbookRunsItsMigrationsAndChecksThenLeavesTheDatabaseAsItWas() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE SCHEMA legacy; CREATE TABLE legacy.notes (id serial PRIMARY KEY, body text); INSERT INTO legacy.notes (body) VALUES ('keep')");
        String before = snapshot(db);
        Result r = cli("run", "../runbooks/staging-migrations-001-008/runbook.yaml", "--env", "dev", "-p", "ticket=OPS-42",
                "--target", "app=" + db.jdbcUrl() + "?user=postgres", "--rehearse", "--out", dir.resolve("rehearsal").toString());
        assertEquals(0, r.code(), r.all());
        assertEquals(before, snapshot(db), "catalog and contents unchanged");
        RunReport report = new EventLogReader().read(dir.resolve("rehearsal"));
        assertEquals("rehearsal", report.run().mode().wire());
        assertEquals("ok", report.itemByKey("step/migrate-001-007").orElseThrow().status().wire(), "migrations really ran");
        assertEquals("ok", report.itemByKey("step/validate-defaults").orElseThrow().status().wire());
        ReportItem backup = report.itemByKey("step/backup").orElseThrow();
        assertEquals("not_rehearsed", backup.status().wire());
        assertTrue(backup.reason().contains("shell"), backup.reason());
        assertTrue(Files.readString(dir.resolve("rehearsal").resolve("report.html")).contains("REHEARSAL"));
        assertEquals("rehearsal", db.one("SELECT 'rehearsal' FROM runbook.history WHERE item_key = 'run'"),
                "the rehearsal has its own journal row");
        assertEquals("0", db.one("SELECT count(*) FROM runbook.history WHERE item_key LIKE 'step/%'"),
                "and no step rows, so no once step counts it as applied");
    }

    @Test
    void aFailingAssertionIsReportedAsARunWouldAndTheNonTransactionalStatementIsListedNotExecuted() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id serial PRIMARY KEY, total int)");
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: rehearse-me
                defaults: { on_failure: rollback }
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: fill
                    sql: INSERT INTO orders (total) VALUES (10), (-5)
                    rollback: { sql: DELETE FROM orders }
                  - id: index
                    sql: { text: CREATE INDEX CONCURRENTLY orders_total ON orders (total), transaction: false }
                    rollback: { sql: DROP INDEX IF EXISTS orders_total }
                  - id: no-negative
                    assert:
                      - name: no negative totals
                        sql: SELECT COUNT(*) FROM orders WHERE total < 0
                        expect: result == 0
                """);
        String before = snapshot(db);
        Result r = cli("run", dir.resolve("runbook.yaml").toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--rehearse", "--out", dir.resolve("rehearsal").toString());
        assertEquals(1, r.code(), r.all());
        assertEquals(before, snapshot(db));
        RunReport report = new EventLogReader().read(dir.resolve("rehearsal"));
        ReportItem index = report.itemByKey("step/index").orElseThrow();
        assertEquals("not_rehearsed", index.status().wire());
        assertTrue(index.reason().contains("CREATE INDEX CONCURRENTLY"), index.reason());
        ReportItem check = report.itemByKey("step/no-negative/check/1").orElseThrow();
        assertEquals("failed", check.status().wire());
        List<String> shown = new ArrayList<>();
        check.attempts().forEach(a -> shown.add(a.expected() + " / " + a.actual()));
        assertTrue(shown.toString().contains("result == 0") && shown.toString().contains("1"), shown.toString());
        assertTrue(r.all().contains("sequence values consumed") && r.all().contains("public.orders_id_seq"),
                "what a rollback cannot undo is named: " + r.all());
        assertFalse(r.all().contains("rollback fill"), "rollback bodies are not run in a rehearsal: " + r.all());
    }

    @Test
    void aRunOfTheRehearsedApprovedPlanNamesThePlanAndTheRehearsalInItsReport() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (n int)");
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: chain
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: add
                    sql: INSERT INTO t VALUES (1)
                    rollback: { sql: DELETE FROM t }
                """);
        String target = "app=" + db.jdbcUrl() + "?user=postgres";
        assertEquals(0, cli("plan", rb.toString(), "--target", target, "--out", dir.resolve("plan.json").toString()).code());
        Result rehearsal = cli("run", rb.toString(), "--target", target, "--rehearse", "--out", dir.resolve("rehearsal").toString());
        assertEquals(0, rehearsal.code(), rehearsal.all());
        assertEquals("0", db.one("SELECT count(*) FROM t"));
        String rehearsalId = new EventLogReader().read(dir.resolve("rehearsal")).run().id();

        Result run = cli("run", rb.toString(), "--target", target, "--plan", dir.resolve("plan.json").toString(),
                "--out", dir.resolve("run").toString());
        assertEquals(0, run.code(), run.all());
        assertEquals("1", db.one("SELECT count(*) FROM t"));
        RunReport report = new EventLogReader().read(dir.resolve("run"));
        assertEquals(rehearsalId, report.run().rehearsalId(), "plan -> rehearsal -> run");
        assertTrue(report.run().approvedPlan().contains(report.run().planHash()));
        String html = Files.readString(dir.resolve("run").resolve("report.html"));
        assertTrue(html.contains(rehearsalId) && html.contains(report.run().planHash()), "the chain is on the page");
        String json = Files.readString(dir.resolve("run").resolve("report.json"));
        assertTrue(json.contains(rehearsalId), "and in the JSON");
    }

    @Test
    void aRehearsalOnSqlServerSaysInItsReportThatItsLimitsDiffer() throws Exception {
        Files.writeString(dir.resolve("mssql.yaml"), """
                version: 1
                id: mssql-rehearsal
                targets:
                  db: { engine: sqlserver, url: "jdbc:sqlserver://127.0.0.1:9;databaseName=app;user=sa;password=x;encrypt=false" }
                steps:
                  - id: add
                    sql: INSERT INTO t VALUES (1)
                    rollback: { sql: DELETE FROM t }
                """);
        cli("run", dir.resolve("mssql.yaml").toString(), "--rehearse", "--out", dir.resolve("r").toString());
        String events = Files.readString(dir.resolve("r").resolve("events.jsonl"));
        assertTrue(events.contains("rehearsal on target 'db': SQL Server's limits differ from PostgreSQL's"), events);
        assertTrue(Files.readString(dir.resolve("r").resolve("report.html")).contains("limits differ"));
    }

    @Test
    void aMigrationWithItsOwnCommitAndAPgTerminateBackendStepAreRefusedBeforeRunningAndLeaveTargetAndVictimUntouched()
            throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE device (id int PRIMARY KEY, name text); INSERT INTO device VALUES (1, 'a')");
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db/V1__add.sql"), "ALTER TABLE device ADD COLUMN kind text;");
        // Like hawkbit's V1_12_37__unify: the migration brings its own transaction.
        Files.writeString(dir.resolve("db/V2__unify.sql"), """
                -- unify the device names
                BEGIN;
                UPDATE device SET name = upper(name) WHERE id = 1;
                COMMIT;
                """);
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: rehearse-side-effects
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: migrate
                    migrate: { locations: [db] }
                    rollback: { sql: SELECT 1 }
                  - id: kick
                    sql: |
                      -- end the reporting sessions
                      SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim'
                    rollback: { sql: SELECT 1 }
                """);
        String before = snapshot(db);
        java.util.Properties props = db.properties();
        props.setProperty("ApplicationName", "victim");
        try (java.sql.Connection victim = java.sql.DriverManager.getConnection(db.jdbcUrl(), props)) {
            Result r = cli("run", dir.resolve("runbook.yaml").toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                    "--rehearse", "--out", dir.resolve("rehearsal").toString());
            assertEquals(0, r.code(), r.all());
            try (java.sql.Statement st = victim.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "the victim session is alive");
            }
            assertEquals(before, snapshot(db), "no migration applied, no history table, data as before");
            RunReport report = new EventLogReader().read(dir.resolve("rehearsal"));
            ReportItem migrate = report.itemByKey("step/migrate").orElseThrow();
            assertEquals("not_rehearsed", migrate.status().wire());
            assertTrue(migrate.reason().contains("V2__unify.sql") && migrate.reason().contains("line 2")
                    && migrate.reason().contains("BEGIN controls the transaction"), migrate.reason());
            ReportItem kick = report.itemByKey("step/kick").orElseThrow();
            assertEquals("not_rehearsed", kick.status().wire());
            assertTrue(kick.reason().contains("line 2") && kick.reason().contains("pg_terminate_backend ends another session"),
                    kick.reason());
            assertTrue(r.all().contains("not rehearsed: kick, migrate"), r.all());
        }
    }

    @Test
    void aRehearsalSaysWhichLockEachStatementTookOnWhichTableOfWhatSizeForHowLong() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users SELECT g, 'u' || g FROM"
                + " generate_series(1, 2500) g; ANALYZE users");
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: rehearse-locks
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: index
                    sql: CREATE INDEX users_email ON users (email)
                    rollback: { sql: DROP INDEX users_email }
                  - id: column
                    sql: |
                      SELECT 1;
                      ALTER TABLE users ADD COLUMN kind text
                    rollback: { sql: ALTER TABLE users DROP COLUMN kind }
                """);
        Result r = cli("run", dir.resolve("runbook.yaml").toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--rehearse", "--out", dir.resolve("rehearsal").toString());
        assertEquals(0, r.code(), r.all());
        List<String> logs = new ArrayList<>();
        for (var e : Runs.events(dir.resolve("rehearsal"))) {
            if (e.get("type").asText().equals("log")) logs.add(e.get("key").asText() + ": " + e.get("message").asText());
        }
        assertTrue(logs.stream().anyMatch(l -> l.matches("step/index: rehearsal: statement 1 \\(line 1\\) took SHARE on"
                + " public\\.users \\(2\\.5 k rows\\) for \\d+ ms")), logs.toString());
        assertTrue(logs.stream().anyMatch(l -> l.matches("step/column: rehearsal: statement 2 \\(line 2\\) took ACCESS"
                + " EXCLUSIVE on public\\.users \\(2\\.5 k rows\\) for \\d+ ms")), logs.toString());
        assertFalse(logs.stream().anyMatch(l -> l.contains("statement 1 (line 1) took") && l.startsWith("step/column")),
                "SELECT 1 took no table lock: " + logs);
        assertTrue(Files.readString(dir.resolve("rehearsal").resolve("report.html")).contains("ACCESS EXCLUSIVE on public.users"));
        assertEquals("2", db.one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'"));
    }

    @Test
    void aCheckThatWouldActOutsideTheTransactionIsRefusedInARehearsalNotRun() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: rehearse-check
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: tidy
                    assert:
                      - name: no stray sessions
                        sql: SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim') x
                        expect: result == 0
                """);
        java.util.Properties props = db.properties();
        props.setProperty("ApplicationName", "victim");
        try (java.sql.Connection victim = java.sql.DriverManager.getConnection(db.jdbcUrl(), props)) {
            Result r = cli("run", dir.resolve("runbook.yaml").toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                    "--rehearse", "--out", dir.resolve("rehearsal").toString());
            assertEquals(1, r.code(), r.all());
            assertTrue(r.all().contains("pg_terminate_backend ends another session"), r.all());
            try (java.sql.Statement st = victim.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "the victim session is alive");
            }
        }
    }
}
