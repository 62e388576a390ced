package dev.runbook.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.model.MigrateSpec.Naming;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The one-query read of the history's last rank agrees with Flyway's own info, wherever Flyway keeps the table. */
class HistoryMarkTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    private void write(int n) throws IOException {
        for (int i = 1; i <= n; i++) Files.writeString(dir.resolve("V" + i + "__t" + i + ".sql"), "CREATE TABLE t" + i + " (id int);");
    }

    @Test
    void isZeroBeforeTheFirstMigrationAndTheLastRankAfter() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        MigrationRequest request = MigrationRequest.latest(List.of(dir), Naming.FLYWAY);
        assertEquals(OptionalInt.of(0), HistoryMark.lastRank(db.dataSource(), request));
        write(3);
        assertTrue(new MigrationRunner(db.dataSource()).migrate(request.withTarget("2")).succeeded());
        assertEquals(OptionalInt.of(2), HistoryMark.lastRank(db.dataSource(), request));
        assertTrue(new MigrationRunner(db.dataSource()).migrate(request).succeeded());
        assertEquals(OptionalInt.of(3), HistoryMark.lastRank(db.dataSource(), request));
    }

    @Test
    void readsAHistoryTableOfAnotherNameInTheFirstOfFlywaysSchemas() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        write(2);
        MigrationRequest request = new MigrationRequest(List.of(dir), null, true, null, null, false, false,
                "deploy_history", List.of("app"), Naming.FLYWAY);
        assertEquals(OptionalInt.of(0), HistoryMark.lastRank(db.dataSource(), request));
        assertTrue(new MigrationRunner(db.dataSource()).migrate(request).succeeded());
        assertEquals("2", db.one("SELECT max(installed_rank) FROM app.deploy_history"));
        assertEquals(OptionalInt.of(2), HistoryMark.lastRank(db.dataSource(), request));
        // The default table is not there: a request naming it finds no history.
        assertEquals(OptionalInt.of(0), HistoryMark.lastRank(db.dataSource(), MigrationRequest.latest(List.of(dir), Naming.FLYWAY)));
    }
}
