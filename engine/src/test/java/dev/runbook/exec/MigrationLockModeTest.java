package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway's lock is held per migration transaction when no planned file needs otherwise: under the session lock,
 * which a CREATE INDEX CONCURRENTLY file needs (see {@link ConcurrentIndexMigrationTest}), Flyway re-reads its history
 * and checks its table and schema before every migration, a handful of extra transactions on the server each. Read on
 * the server: the transactions each database committed for the same migrations.
 */
class MigrationLockModeTest {
    private static final int MIGRATIONS = 40;

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void migrationsThatAllRunInATransactionCostTheServerFewerTransactionsThanUnderTheSessionLock() throws Exception {
        long transactional = committedBy(false);
        long session = committedBy(true);
        // Per migration Flyway 10 commits about 3 transactions under its transactional lock and 7 under the session lock.
        assertTrue(transactional + 2L * MIGRATIONS < session,
                "transactions committed: " + transactional + " (all files transactional), " + session
                        + " (one file with CREATE INDEX CONCURRENTLY, so the session lock)");
    }

    /** Migrates a fresh database and returns how many transactions it committed meanwhile, as the server counts. */
    private long committedBy(boolean withConcurrentIndex) throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        Path folder = Files.createDirectories(dir.resolve(db.name()).resolve("migrations"));
        for (int i = 1; i <= MIGRATIONS; i++) {
            Files.writeString(folder.resolve("V" + i + "__t" + i + ".sql"),
                    "CREATE TABLE t_" + i + " (id int PRIMARY KEY, name text);\nINSERT INTO t_" + i + " VALUES (1, 'a');\n");
        }
        if (withConcurrentIndex) {
            Files.writeString(folder.resolve("V" + (MIGRATIONS + 1) + "__index.sql"),
                    "CREATE INDEX CONCURRENTLY t_1_name ON t_1 (name);\n");
        }
        Path runbook = dev.runbook.TestRunbooks.forwardOnlyMigrate(folder.getParent(), "lock-mode");
        long before = committed(db);
        Result r = TestCli.run("run", runbook.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve(db.name()).resolve("run").toString());
        assertEquals(0, r.code(), r.all());
        assertEquals(String.valueOf(MIGRATIONS + (withConcurrentIndex ? 1 : 0)),
                db.one("SELECT count(*) FROM flyway_schema_history WHERE success"));
        return committed(db) - before;
    }

    /**
     * The database's committed transactions, once the run's backends have reported theirs (a backend's counts reach
     * the server's statistics when it exits). Each probe adds its own two (the driver's connect and the query) when it
     * disconnects, so the counts have settled when two probes in a row see no more than that.
     */
    private static long committed(PostgresServer.TestDb db) throws Exception {
        long last = -1;
        int quiet = 0;
        for (int attempt = 0; attempt < 50; attempt++) {
            long now;
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                now = rs.getLong(1);
            }
            quiet = last >= 0 && now - last <= 2 ? quiet + 1 : 0;
            if (quiet == 2) return now;
            last = now;
            Thread.sleep(100);
        }
        return last;
    }
}
