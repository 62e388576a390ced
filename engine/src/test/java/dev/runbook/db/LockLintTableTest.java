package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The lint verdict each script must get: RB302 (destructive, from the analysis) and the lock rules RB320-RB328.
 * Each script starts with SET lock_timeout unless the row is about RB328, so one rule shows at a time. A script
 * runs in a transaction unless its row says "no tx".
 */
class LockLintTableTest {

    static final String LT = "SET lock_timeout = '5s';\n";

    /** script | tx or "no tx" | expected codes (sorted, comma-separated; "-" for none). */
    static final String TABLE = """
            ALTER TABLE users ALTER COLUMN email SET NOT NULL                         | tx    | RB324
            ALTER TABLE users ALTER COLUMN email DROP NOT NULL                        | tx    | -
            ALTER TABLE users ALTER COLUMN email SET DEFAULT 'x'                      | tx    | -
            ALTER TABLE users ALTER email DROP DEFAULT                                | tx    | -
            ALTER TABLE users ADD CONSTRAINT e CHECK (email IS NOT NULL) NOT VALID;\\nALTER TABLE users VALIDATE CONSTRAINT e;\\nALTER TABLE users ALTER email SET NOT NULL | tx | -
            DROP INDEX IF EXISTS idx_a;\\nCREATE INDEX idx_a ON users (a)                | tx    | RB320,RB321
            DROP INDEX CONCURRENTLY IF EXISTS idx_a                                   | no tx | RB302
            DROP INDEX CONCURRENTLY idx_a                                             | tx    | RB302,RB322
            DROP TABLE users                                                          | tx    | RB302
            CREATE INDEX idx_b ON users (b)                                           | tx    | RB320
            CREATE UNIQUE INDEX CONCURRENTLY idx_b ON users (b)                       | no tx | -
            CREATE INDEX CONCURRENTLY idx_b ON users (b)                              | tx    | RB322
            CREATE TABLE fresh (id int);\\nCREATE INDEX fresh_id ON fresh (id)          | tx    | -
            CREATE TABLE fresh (id int);\\nALTER TABLE fresh ADD COLUMN c int DEFAULT random() | tx | -
            CREATE TABLE fresh (id int);\\nALTER TABLE fresh ALTER COLUMN id TYPE bigint | tx   | RB302
            ALTER TABLE users ADD COLUMN c int                                        | tx    | -
            ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now()            | tx    | -
            ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()         | tx    | RB323
            ALTER TABLE users ADD COLUMN n float DEFAULT random() NOT NULL            | tx    | RB323
            ALTER TABLE users ADD COLUMN id2 bigserial                                | tx    | RB323
            ALTER TABLE users ALTER COLUMN id TYPE bigint                             | tx    | RB302,RB325
            ALTER TABLE users ALTER COLUMN id SET DATA TYPE bigint                    | tx    | RB302,RB325
            ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) | tx | RB326
            ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID | tx | -
            ALTER TABLE orders ADD CHECK (total >= 0)                                 | tx    | RB326
            ALTER TABLE orders ADD CONSTRAINT pos CHECK (total >= 0) NOT VALID        | tx    | -
            ALTER TABLE orders VALIDATE CONSTRAINT pos                                | tx    | -
            ALTER TABLE users RENAME COLUMN email TO mail                             | tx    | RB327
            ALTER TABLE users RENAME TO people                                        | tx    | RB327
            ALTER TABLE users DROP COLUMN legacy                                      | tx    | RB302
            DO $$ BEGIN\\n  ALTER TABLE users ALTER COLUMN email SET NOT NULL;\\nEND $$   | tx    | RB324
            DO $$ BEGIN IF true THEN ALTER TABLE users DROP COLUMN x; END IF; END $$  | tx    | RB302
            UPDATE users SET email = lower(email)                                     | tx    | RB302
            SELECT 'ALTER TABLE users RENAME TO x'                                    | tx    | -
            -- ALTER TABLE users ALTER COLUMN id TYPE bigint\\nSELECT 1                 | tx    | -
            """;

    /** Scripts without SET lock_timeout: RB328 once, at the first DDL. */
    static final String WITHOUT_LOCK_TIMEOUT = """
            ALTER TABLE users ADD COLUMN c int                                        | tx    | RB328
            CREATE INDEX idx_b ON users (b);\\nALTER TABLE users ADD COLUMN c int      | tx    | RB320,RB328
            SET LOCAL lock_timeout = '2s';\\nALTER TABLE users ADD COLUMN c int        | tx    | -
            CREATE TABLE fresh (id int);\\nALTER TABLE fresh ADD COLUMN c int          | tx    | -
            ALTER TABLE users VALIDATE CONSTRAINT pos                                 | tx    | -
            """;

    private final Dialect pg = new PostgresDialect();

    @Test
    void everyScriptGetsExactlyItsVerdict() {
        List<String> wrong = new ArrayList<>();
        int rows = check(TABLE, LT, wrong) + check(WITHOUT_LOCK_TIMEOUT, "", wrong);
        assertTrue(rows >= 30, rows + " rows");
        assertEquals(List.of(), wrong);
    }

    private int check(String table, String prefix, List<String> wrong) {
        int rows = 0;
        for (String row : table.split("\n")) {
            if (row.isBlank()) continue;
            rows++;
            String[] cells = row.split("\\|");
            String sql = prefix + cells[0].strip().replace("\\n", "\n");
            boolean tx = cells[1].strip().equals("tx");
            SqlAnalysis a = pg.analyse(sql);
            Set<String> codes = new TreeSet<>();
            if (!a.destructive().isEmpty()) codes.add("RB302");
            for (SqlFinding f : pg.lockRisks(a, tx, new HashSet<>())) codes.add(f.code());
            String got = codes.isEmpty() ? "-" : String.join(",", codes);
            if (!got.equals(cells[2].strip())) wrong.add(cells[0].strip() + ": got " + got + ", expected " + cells[2].strip());
        }
        return rows;
    }

    @Test
    void aFindingIsAtItsStatementsFirstTokenWithARewriteHint() {
        List<SqlFinding> f = pg.lockRisks(pg.analyse(LT + "-- make email required\nALTER TABLE users ALTER email SET NOT NULL;"),
                true, new HashSet<>());
        assertEquals(1, f.size(), f.toString());
        assertEquals("RB324 at 3:1", f.get(0).code() + " at " + f.get(0).line() + ":" + f.get(0).column());
        assertTrue(f.get(0).hint().contains("NOT VALID") && f.get(0).hint().contains("VALIDATE CONSTRAINT"), f.get(0).hint());
    }

    @Test
    void aQuotedPlaceholderIsNamedAsWrittenInTheFindingAndItsRewrite() {
        List<SqlFinding> f = pg.lockRisks(pg.analyse(LT + "DROP INDEX IF EXISTS :\"item.name\""), true, new HashSet<>());
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().startsWith("DROP INDEX :\"item.name\" without CONCURRENTLY"), f.get(0).message());
        assertTrue(f.get(0).hint().startsWith("DROP INDEX CONCURRENTLY :\"item.name\" in a step"), f.get(0).hint());
    }

    @Test
    void aTableCreatedInAnEarlierScriptOfTheSameRunbookIsExempt() {
        Set<String> created = new HashSet<>();
        pg.lockRisks(pg.analyse("CREATE TABLE public.audit (id int)"), true, created);
        assertEquals(List.of(), pg.lockRisks(pg.analyse(LT + "CREATE INDEX audit_id ON audit (id)"), true, created));
    }
}
