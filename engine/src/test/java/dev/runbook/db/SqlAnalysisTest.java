package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The one table of statements and the kinds PostgreSQL's analysis must give each (asserted once, here; the
 * validate/plan/run agreement is {@code dev.runbook.cli.SqlKindsAgreeTest}). Kinds are written short:
 * R read-only, M mutating, D destructive, T transaction control, N refused in a transaction, O outside it.
 */
public class SqlAnalysisTest {

    /** statement | kinds | first-token position (line:column within the statement text). */
    public static final String TABLE = """
            SELECT 1                                                   | R   | 1:1
            -- why\\nSELECT * FROM t                                    | R   | 2:1
            /* a /* nested */ note */ SELECT 1                         | R   | 1:27
            select 'DELETE FROM t' as x                                 | R   | 1:1
            TABLE t                                                     | R   | 1:1
            VALUES (1), (2)                                             | R   | 1:1
            SHOW search_path                                            | R   | 1:1
            SET search_path = app                                       | R   | 1:1
            EXPLAIN DELETE FROM t                                       | R   | 1:1
            EXPLAIN ANALYZE DELETE FROM t                               | MD  | 1:1
            EXPLAIN (ANALYZE, COSTS off) UPDATE t SET a = 1 WHERE b = 2 | M   | 1:1
            WITH x AS (SELECT 1) SELECT * FROM x                        | R   | 1:1
            WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r | R | 1:1
            WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone | MD | 1:1
            WITH x AS MATERIALIZED (SELECT id FROM t) DELETE FROM u WHERE id IN (SELECT id FROM x) | M | 1:1
            WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x          | M   | 1:1
            SELECT * INTO backup_t FROM t                               | M   | 1:1
            SELECT * FROM t FOR UPDATE                                  | M   | 1:1
            SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED               | M   | 1:1
            SELECT nextval('s')                                         | M   | 1:1
            SELECT setval('s', 42)                                      | MO  | 1:1
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'x' | MO | 1:1
            SELECT pg_catalog.pg_cancel_backend(123)                    | MO  | 1:1
            SELECT pg_advisory_lock(1)                                  | MO  | 1:1
            SELECT pg_advisory_xact_lock(1)                             | R   | 1:1
            SELECT dblink_exec('dbname=x', 'DELETE FROM t')             | MO  | 1:1
            SELECT pg_notify('ch', 'hi')                                | MO  | 1:1
            NOTIFY ch                                                   | MO  | 1:1
            SELECT pg_reload_conf()                                     | MO  | 1:1
            SELECT lo_export(1, '/tmp/x')                               | MO  | 1:1
            INSERT INTO t VALUES (1)                                    | M   | 1:1
            UPDATE t SET a = 1 WHERE id = 2                             | M   | 1:1
            UPDATE t SET a = (SELECT max(b) FROM u WHERE u.id = 1)      | MD  | 1:1
            DELETE FROM t                                               | MD  | 1:1
            DELETE FROM t WHERE id = 1                                  | M   | 1:1
            TRUNCATE t                                                  | MD  | 1:1
            DROP TABLE t                                                | MD  | 1:1
            DROP MATERIALIZED VIEW IF EXISTS v                          | MD  | 1:1
            ALTER TABLE t DROP COLUMN c                                 | MD  | 1:1
            ALTER TABLE t ALTER COLUMN c SET NOT NULL                   | M   | 1:1
            ALTER TABLE t ALTER COLUMN c DROP NOT NULL                  | M   | 1:1
            ALTER TABLE t ALTER COLUMN c SET DEFAULT 0, ALTER c DROP DEFAULT | M | 1:1
            ALTER TABLE t ALTER COLUMN c TYPE bigint                    | MD  | 1:1
            ALTER TABLE IF EXISTS ONLY s.t ADD COLUMN c int, DROP CONSTRAINT k | MD | 1:1
            GRANT SELECT ON t TO PUBLIC                                 | MD  | 1:1
            GRANT SELECT ON t TO reporting                              | M   | 1:1
            COPY t FROM stdin                                           | M   | 1:1
            COPY t TO stdout                                            | R   | 1:1
            COPY (SELECT 1) TO PROGRAM 'gzip > /tmp/x'                  | MO  | 1:1
            COPY t FROM PROGRAM 'curl x'                                | MO  | 1:1
            COPY t TO '/tmp/t.csv'                                      | MO  | 1:1
            CALL archive_orders()                                       | MO  | 1:1
            BEGIN                                                       | T   | 1:1
            START TRANSACTION ISOLATION LEVEL SERIALIZABLE              | T   | 1:1
            COMMIT                                                      | T   | 1:1
            ROLLBACK TO SAVEPOINT a                                     | T   | 1:1
            SAVEPOINT a                                                 | T   | 1:1
            RELEASE SAVEPOINT a                                         | T   | 1:1
            END                                                         | T   | 1:1
            VACUUM ANALYZE t                                            | MN  | 1:1
            CREATE INDEX CONCURRENTLY i ON t (a)                        | MN  | 1:1
            CREATE INDEX i ON t (a)                                     | M   | 1:1
            ALTER SYSTEM SET work_mem = '64MB'                          | MNO | 1:1
            DO $$ BEGIN PERFORM 1; END $$                               | M   | 1:1
            DO $$ BEGIN IF true THEN DROP TABLE t; END IF; END $$       | MD  | 1:1
            DO $body$ BEGIN COMMIT; END $body$                          | MO  | 1:1
            DO LANGUAGE plpgsql $$ BEGIN PERFORM pg_terminate_backend(1); END $$ | MO | 1:1
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ DELETE FROM t; SELECT 1 $$ | M | 1:1
            CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END | M | 1:1
            LISTEN ch                                                   | R   | 1:1
            LOCK TABLE t IN ACCESS EXCLUSIVE MODE                       | M   | 1:1
            REFRESH MATERIALIZED VIEW v                                 | M   | 1:1
            MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE | M  | 1:1
            """;

    private final Dialect pg = new PostgresDialect();

    /** The statements of {@link #TABLE}, as SQL text. */
    public static List<String> statements() {
        List<String> out = new ArrayList<>();
        for (String row : TABLE.split("\n")) {
            if (!row.isBlank()) out.add(row.split("\\|")[0].strip().replace("\\n", "\n"));
        }
        return out;
    }

    @Test
    void everyStatementOfTheTableGetsItsKindsAndItsFirstTokenPosition() {
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String row : TABLE.split("\n")) {
            if (row.isBlank()) continue;
            rows++;
            String[] cells = row.split("\\|");
            String sql = cells[0].strip().replace("\\n", "\n");
            List<StatementAnalysis> found = pg.analyse(sql).statements();
            if (found.size() != 1) {
                wrong.add(sql + ": " + found.size() + " statements");
                continue;
            }
            StatementAnalysis a = found.get(0);
            String kinds = shortKinds(a.kinds());
            String at = a.line() + ":" + a.column();
            if (!kinds.equals(cells[1].strip()) || !at.equals(cells[2].strip())) {
                wrong.add(sql + ": got " + kinds + " at " + at + ", expected " + cells[1].strip() + " at " + cells[2].strip());
            }
        }
        assertTrue(rows >= 40, "the table has " + rows + " statements");
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyStatementOfAMultiStatementStringCounts() {
        SqlAnalysis a = pg.analyse("SELECT 1; DELETE FROM t");
        assertFalse(a.readOnly(), "SELECT 1; DELETE FROM t changes the target");
        assertEquals(List.of("DELETE without WHERE"), a.destructive().stream().map(StatementAnalysis::destructive).toList());
        assertTrue(pg.analyse("-- only a note\nSELECT 1;\nSHOW x;").readOnly(), "a query after a comment is read-only");
        assertTrue(pg.analyse("BEGIN; SELECT 1; COMMIT;").readOnly(), "transaction control alone changes nothing");
    }

    @Test
    void positionsAreAtTheFirstTokenOfEachStatementNotItsLeadingComment() {
        String script = "-- drops the old table\n-- (reviewed)\n\n   DROP TABLE old;\n/* next */ SELECT 1;";
        List<StatementAnalysis> s = pg.analyse(script).statements();
        assertEquals("4:4", s.get(0).where());
        assertEquals("5:12", s.get(1).where());
    }

    @Test
    void statementsInsideADoBlockAreFoundAtTheirOwnLines() {
        String script = "SELECT 1;\nDO $$\nBEGIN\n  IF EXISTS (SELECT 1) THEN\n    ALTER TABLE t DROP COLUMN c;\n  END IF;\n"
                + "  UPDATE t SET a = 1;\nEND $$;";
        List<StatementAnalysis> d = pg.analyse(script).destructive();
        assertEquals(List.of("ALTER TABLE ... DROP COLUMN at 5:5", "UPDATE without WHERE at 7:3"),
                d.stream().map(x -> x.destructive() + " at " + x.where()).toList());
    }

    @Test
    void droppingAnIndexToRecreateItAtOnceIsNotDestructive() {
        SqlAnalysis a = pg.analyse("DROP INDEX IF EXISTS idx_a;\nCREATE INDEX idx_a ON t (a);\nDROP INDEX idx_b;\nCREATE INDEX idx_c ON t (c);");
        assertEquals(List.of("DROP INDEX at 3:1"), a.destructive().stream().map(x -> x.destructive() + " at " + x.where()).toList());
    }

    @Test
    void sqlServerBatchesAreAnalysedAsUnits() {
        Dialect mssql = new SqlServerDialect();
        assertTrue(mssql.analyse("SELECT 1\nGO\n-- c\nSELECT name FROM sys.tables").readOnly());
        SqlAnalysis a = mssql.analyse("BEGIN TRANSACTION\nDELETE FROM t\nCOMMIT\nGO\nBACKUP DATABASE x TO DISK = 'y'");
        assertEquals(Set.of(StatementKind.MUTATING, StatementKind.DESTRUCTIVE, StatementKind.TRANSACTION_CONTROL),
                a.statements().get(0).kinds());
        assertTrue(a.statements().get(1).is(StatementKind.NON_TRANSACTIONAL));
    }

    static String shortKinds(Set<StatementKind> kinds) {
        String order = "RMDTNO";
        Set<Character> letters = new TreeSet<>((x, y) -> order.indexOf(x) - order.indexOf(y));
        for (StatementKind k : kinds) {
            letters.add(k == StatementKind.OUTSIDE_TRANSACTION ? 'O' : k.name().toUpperCase(Locale.ROOT).charAt(0));
        }
        return letters.stream().map(String::valueOf).collect(Collectors.joining());
    }
}
