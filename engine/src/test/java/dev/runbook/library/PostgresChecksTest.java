package dev.runbook.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.cli.RunbookCli;
import dev.runbook.exec.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every PostgreSQL check of validation-sql/, used the way a runbook uses it (an assert step naming the check
 * with params, run through the CLI), once against a database where it must pass and once where it must fail.
 */
class PostgresChecksTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    /** A check, its params, the setup where it holds, and the extra setup that breaks it. */
    record Case(String check, String params, String setup, String breaks) {}

    static final List<Case> CASES = List.of(
            new Case("table_exists", "{ table: accounts }", "CREATE TABLE accounts (id int)", "DROP TABLE accounts"),
            new Case("column_exists", "{ table: accounts, column: email }", "CREATE TABLE accounts (id int, email text)",
                    "ALTER TABLE accounts DROP COLUMN email"),
            new Case("index_exists", "{ index: accounts_email }",
                    "CREATE TABLE accounts (id int, email text); CREATE INDEX accounts_email ON accounts (email)",
                    "DROP INDEX accounts_email"),
            new Case("no_nulls", "{ table: accounts, column: email }",
                    "CREATE TABLE accounts (id int, email text); INSERT INTO accounts VALUES (1, 'a@x')",
                    "INSERT INTO accounts VALUES (2, NULL)"),
            new Case("no_orphan_rows", "{ table: orders, column: account_id, ref_table: accounts }",
                    "CREATE TABLE accounts (id int); CREATE TABLE orders (account_id int);"
                            + " INSERT INTO accounts VALUES (1); INSERT INTO orders VALUES (1), (NULL)",
                    "INSERT INTO orders VALUES (7)"),
            new Case("row_count_between", "{ table: accounts, min: 1, max: 2 }",
                    "CREATE TABLE accounts (id int); INSERT INTO accounts VALUES (1)",
                    "INSERT INTO accounts VALUES (2), (3)"),
            new Case("role_has_schema_grants", "{ role: app_reader }",
                    "CREATE TABLE accounts (id int); DROP ROLE IF EXISTS app_reader; CREATE ROLE app_reader;"
                            + " GRANT USAGE ON SCHEMA public TO app_reader; GRANT SELECT ON accounts TO app_reader",
                    "CREATE TABLE invoices (id int)"),
            new Case("no_failed_flyway_migrations", "{}",
                    "CREATE TABLE flyway_schema_history (installed_rank int, version text, success boolean);"
                            + " INSERT INTO flyway_schema_history VALUES (1, '1', true)",
                    "INSERT INTO flyway_schema_history VALUES (2, '2', false)"),
            new Case("no_invalid_indexes", "{}", "CREATE TABLE dupes (x int); INSERT INTO dupes VALUES (1), (1)",
                    "CONCURRENTLY"),
            new Case("long_running_transactions", "{ max_seconds: 1 }", "SELECT 1", "OPEN TRANSACTION"),
            new Case("server_answers", "{}", "SELECT 1", "UNREACHABLE"));

    /** Checks that cannot be made to fail on one standalone server, and why. */
    static final Set<String> PASS_ONLY = Set.of("replication_lag");

    static Stream<Arguments> cases() {
        return CASES.stream().map(c -> Arguments.of(c.check(), c));
    }

    record Result(int code, String out) {}

    private Result run(String url, Case c) throws Exception {
        Path rb = dir.resolve(c.check() + ".yaml");
        Files.writeString(rb, """
                version: 1
                id: check-%s
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: verify
                    assert:
                      - check: %s
                        params: %s
                """.formatted(c.check().replace('_', '-'), c.check(), c.params()));
        CommandLine cl = RunbookCli.commandLine();
        StringWriter o = new StringWriter();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(o));
        int code = cl.execute("run", rb.toString(), "--target", "app=" + url, "--out",
                dir.resolve(c.check() + "-" + System.nanoTime()).toString(), "-q", "--report", "json");
        return new Result(code, o.toString());
    }

    private static void exec(PostgresServer.TestDb db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void passesWhereItHoldsAndFailsWhereItDoesNot(String name, Case c) throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        exec(db, c.setup());
        String url = db.jdbcUrl() + "?user=postgres";
        Result pass = run(url, c);
        assertEquals(0, pass.code(), name + " should pass:\n" + pass.out());

        Result fail;
        switch (c.breaks()) {
            case "CONCURRENTLY" -> {
                // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: the real way it happens.
                try {
                    exec(db, "CREATE UNIQUE INDEX CONCURRENTLY dupes_x ON dupes (x)");
                } catch (java.sql.SQLException expected) {
                    // duplicate key: the index stays, invalid
                }
                fail = run(url, c);
            }
            case "OPEN TRANSACTION" -> {
                try (Connection other = db.connect()) {
                    other.setAutoCommit(false);
                    try (Statement st = other.createStatement()) {
                        st.execute("SELECT 1");
                    }
                    Thread.sleep(1_500);
                    fail = run(url, c);
                    other.rollback();
                }
            }
            case "UNREACHABLE" -> {
                int closed;
                try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                    closed = s.getLocalPort();
                }
                fail = run("jdbc:postgresql://127.0.0.1:" + closed + "/none?user=postgres", c);
            }
            default -> {
                exec(db, c.breaks());
                fail = run(url, c);
            }
        }
        assertEquals(1, fail.code(), name + " should fail:\n" + fail.out());
        if (!c.breaks().equals("UNREACHABLE")) {
            assertTrue(fail.out().contains("step verify failed"), "the check itself failed:\n" + fail.out());
        }
    }

    @Test
    void everyPostgresCheckInTheLibraryIsCoveredHere() throws Exception {
        Set<String> files;
        try (Stream<Path> s = Files.list(Path.of("..", "validation-sql", "postgresql"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(Collectors.toSet());
        }
        Set<String> covered = CASES.stream().map(Case::check).collect(Collectors.toSet());
        for (String f : files) {
            assertTrue(covered.contains(f) || PASS_ONLY.contains(f), "validation-sql/postgresql/" + f + ".sql has no test");
        }
    }

    @Test
    void replicationLagPassesOnAServerWithoutStandbys() throws Exception {
        // Making it fail needs a lagging standby; one embedded server has none, so only the pass is shown here.
        PostgresServer.TestDb db = PG.freshDatabase();
        Result r = run(db.jdbcUrl() + "?user=postgres", new Case("replication_lag", "{ max_seconds: 60 }", "", ""));
        assertEquals(0, r.code(), r.out());
    }
}
