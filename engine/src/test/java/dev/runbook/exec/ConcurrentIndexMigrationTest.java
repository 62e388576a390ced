package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration holding CREATE INDEX CONCURRENTLY (the way to index a busy table) completes: with Flyway's default
 * transactional advisory lock, its lock transaction stayed open while the index build waited for every open
 * transaction to end, and the run hung until killed (flyway/flyway#3508).
 */
class ConcurrentIndexMigrationTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void aConcurrentIndexMigrationCompletesAndItsIndexIsValid() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__accounts.sql"), "CREATE TABLE accounts (id int, email text);\n");
        Files.writeString(migrations.resolve("V2__email_index.sql"),
                "CREATE INDEX CONCURRENTLY accounts_email ON accounts (email);\n");
        Files.writeString(migrations.resolve("V3__id_index.sql"), "CREATE INDEX CONCURRENTLY accounts_id ON accounts (id);\n");
        Path runbook = dev.runbook.TestRunbooks.forwardOnlyMigrate(dir, "concurrent-index");
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> TestCli.run("run", runbook.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve("run").toString()), "the run froze on CREATE INDEX CONCURRENTLY");
        assertEquals(0, r.code(), r.all());
        assertEquals("2", db.one("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname IN ('accounts_email', 'accounts_id') AND i.indisvalid"));
        assertEquals("1:true,2:true,3:true", db.one("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank)"
                + " FROM flyway_schema_history"));
    }
}
