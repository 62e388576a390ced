package dev.runbook.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli.Result;
import dev.runbook.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios every database engine must pass, written once: steps and assertions, rollback in reverse
 * order, the journal in the target, lock contention (exit 5) and numbered migrations. Each engine's test class
 * says how to reach a fresh database and the few statements that differ between dialects.
 */
abstract class EngineScenarios {
    @TempDir
    Path dir;

    /** {@code postgresql} or {@code sqlserver}. */
    abstract String engine();

    /** A JDBC URL (credentials included) of an empty database for this test. */
    abstract String freshDatabaseUrl() throws Exception;

    abstract Connection connect(String url) throws SQLException;

    /** A statement that takes about {@code seconds} and changes nothing. */
    abstract String sleepSql(int seconds);


    private static Result cli(String... args) {
        return TestCli.run(args);
    }

    private Path runbook(String steps) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: scenario
                defaults: { on_failure: rollback }
                targets:
                  app: { engine: %s, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                """.formatted(engine()) + steps.indent(2));
        return rb;
    }

    private Result run(Path rb, String url, String out) {
        List<String> args = new ArrayList<>(List.of("run", rb.toString(), "--target", "app=" + url, "--out",
                dir.resolve(out).toString(), "-q"));
        return cli(args.toArray(String[]::new));
    }

    private String one(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void exec(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void stepsRunAndTheirAssertionsHold() throws Exception {
        String url = freshDatabaseUrl();
        Path rb = runbook("""
                - id: create
                  sql: CREATE TABLE accounts (id int PRIMARY KEY, name varchar(50))
                  rollback: { sql: DROP TABLE accounts }
                - id: fill
                  sql: INSERT INTO accounts VALUES (1, 'a'), (2, 'b')
                  rollback: { sql: DELETE FROM accounts }
                - id: check
                  assert:
                    - name: two accounts
                      sql: SELECT COUNT(*) FROM accounts
                      expect: result == 2
                """);
        Result r = run(rb, url, "r1");
        assertEquals(0, r.code(), r.all());
        assertEquals("2", one(url, "SELECT COUNT(*) FROM accounts"));
    }

    @Test
    void aFailedAssertionRollsBackInReverseOrder() throws Exception {
        String url = freshDatabaseUrl();
        exec(url, "CREATE TABLE trail (n int, what varchar(20))");
        Path rb = runbook("""
                - id: one
                  sql: INSERT INTO trail VALUES (1, 'one')
                  rollback: { sql: "INSERT INTO trail SELECT COUNT(*) + 1, 'undo-one' FROM trail" }
                - id: two
                  sql: INSERT INTO trail VALUES (2, 'two')
                  rollback: { sql: "INSERT INTO trail SELECT COUNT(*) + 1, 'undo-two' FROM trail" }
                - id: check
                  assert:
                    - name: impossible
                      sql: SELECT COUNT(*) FROM trail
                      expect: result == 99
                """);
        Result r = run(rb, url, "r1");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("failed, rolled back (exit 1)"), r.all());
        assertEquals("undo-two", one(url, "SELECT what FROM trail WHERE n = 3"), "the later step is undone first");
        assertEquals("undo-one", one(url, "SELECT what FROM trail WHERE n = 4"));
    }

    @Test
    void everyStepIsJournaledInTheTarget() throws Exception {
        String url = freshDatabaseUrl();
        Path rb = runbook("""
                - id: hello
                  mutating: false
                  sql: SELECT 1 AS x
                """);
        assertEquals(0, run(rb, url, "r1").code());
        assertEquals("succeeded", one(url, "SELECT status FROM runbook.history WHERE item_key = 'step/hello'"));
        assertEquals("succeeded", one(url, "SELECT status FROM runbook.history WHERE item_key = 'run'"));
    }

    @Test
    void aSecondRunWhileTheFirstHoldsTheTargetExitsFive() throws Exception {
        String url = freshDatabaseUrl();
        Path rb = runbook("""
                - id: slow
                  mutating: false
                  sql: "%s"
                """.formatted(sleepSql(4)));
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> run(rb, url, "r1"));
        Path events = dir.resolve("r1").resolve("events.jsonl");
        long end = System.currentTimeMillis() + 30_000;
        while (!(Files.exists(events) && Files.readString(events).contains("\"step/slow\""))) {
            assertTrue(System.currentTimeMillis() < end, "the first run never reached its step");
            Thread.sleep(20);
        }
        Result second = run(rb, url, "r2");
        assertEquals(5, second.code(), second.all());
        assertTrue(second.all().contains("is locked"), second.all());
        assertEquals(0, first.get(60, TimeUnit.SECONDS).code());
    }

    @Test
    void numberedMigrationsApplyUpToTheTargetThenTheRest() throws Exception {
        String url = freshDatabaseUrl();
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("001_init.sql"), "CREATE TABLE tenants (id int PRIMARY KEY, name varchar(50));\n");
        Files.writeString(m.resolve("002_seed.sql"), "INSERT INTO tenants VALUES (1, 'first');\n");
        Files.writeString(m.resolve("003_more.sql"), "INSERT INTO tenants VALUES (2, 'second');\n");
        Path rb = runbook("""
                - id: schema
                  migrate: { locations: [migrations], naming: numbered, target: "2" }
                  rollback: { sql: SELECT 1 }
                """);
        assertEquals(0, run(rb, url, "r1").code());
        assertEquals("1", one(url, "SELECT COUNT(*) FROM tenants"));
        Files.writeString(rb, Files.readString(rb).replace(", target: \"2\"", ""));
        Result rest = run(rb, url, "r2");
        assertEquals(0, rest.code(), rest.all());
        assertEquals("2", one(url, "SELECT COUNT(*) FROM tenants"));
    }
}
