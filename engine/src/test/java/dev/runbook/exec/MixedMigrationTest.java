package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestCli.Result;
import dev.runbook.migrate.MigrationRequest;
import dev.runbook.migrate.MigrationRunner;
import dev.runbook.model.MigrateSpec.Naming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration file that mixes a statement that cannot run in a transaction with others is refused by validate
 * (RB233) exactly when a real Flyway run of the same file on real PostgreSQL fails, so the plan never promises a
 * migration that the run then stops at; {@code mixed: true} lets such files run (Flyway's mixed).
 */
class MixedMigrationTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private static final String TABLE = "CREATE TABLE accounts (id int, email text, mood text);\n";

    /** A second migration's text, and whether validate refuses it (then: at which line). */
    private record Case(String name, String sql, int refusedAtLine) {}

    private static final List<Case> CASES = List.of(
            new Case("lock timeout then concurrent index",
                    "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY accounts_email ON accounts (email);\n", 2),
            new Case("vacuum then a query", "VACUUM accounts;\nSELECT 1;\n", 1),
            new Case("two concurrent indexes", "CREATE INDEX CONCURRENTLY a1 ON accounts (email);\n"
                    + "CREATE UNIQUE INDEX CONCURRENTLY a2 ON accounts (id);\n", 0),
            new Case("enum value added beside other DDL (PostgreSQL 12+ runs it in a transaction)",
                    "CREATE TYPE mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'sad';\n", 0),
            new Case("plain DDL", "ALTER TABLE accounts ADD COLUMN note text;\nCREATE INDEX a3 ON accounts (note);\n", 0));

    @Test
    void validateRefusesAMixedFileExactlyWhenFlywayOnPostgresFailsIt() throws Exception {
        for (Case c : CASES) {
            Path folder = migrations(c.name(), c.sql());
            Path runbook = runbook(folder, false);

            Result validate = TestCli.run("validate", runbook.toString());
            PostgresServer.TestDb db = PG.freshDatabase();
            boolean flywayApplied = new MigrationRunner(db.dataSource())
                    .migrate(MigrationRequest.latest(List.of(folder.resolve("migrations")), Naming.FLYWAY)).succeeded();

            if (c.refusedAtLine() > 0) {
                assertEquals(2, validate.code(), c.name() + ": " + validate.all());
                assertTrue(validate.err().contains("V2__change.sql:" + c.refusedAtLine() + ":1: error: migration V2__change.sql"
                        + " of step 'schema' mixes a statement that cannot run in a transaction with others"), validate.all());
                assertTrue(validate.err().contains("[RB233]") && validate.err().contains("mixed: true"), validate.all());
                assertFalse(flywayApplied, c.name() + ": validate refused a file that Flyway applies");
            } else {
                assertEquals(0, validate.code(), c.name() + ": " + validate.all());
                assertFalse(validate.all().contains("RB233"), validate.all());
                assertTrue(flywayApplied, c.name() + ": validate passed a file that Flyway refuses");
            }
        }
    }

    @Test
    void withMixedTheFileRunsOutsideATransactionAndItsIndexIsValid() throws Exception {
        Path folder = migrations("mixed", CASES.get(0).sql());
        Path runbook = runbook(folder, true);
        PostgresServer.TestDb db = PG.freshDatabase();

        Result plan = TestCli.run("plan", runbook.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres");
        Result run = TestCli.run("run", runbook.toString(), "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", folder.resolve("run").toString());

        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("runs outside any (mixed)"), plan.out());
        assertEquals(0, run.code(), run.all());
        assertEquals("1", db.one("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = 'accounts_email' AND i.indisvalid"));
        assertEquals("1:true,2:true", db.one("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank)"
                + " FROM flyway_schema_history"));
    }

    private Path migrations(String name, String sql) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name.replaceAll("[^a-z0-9]+", "-")));
        Path m = Files.createDirectories(folder.resolve("migrations"));
        Files.writeString(m.resolve("V1__accounts.sql"), TABLE);
        Files.writeString(m.resolve("V2__change.sql"), sql);
        return folder;
    }

    private static Path runbook(Path folder, boolean mixed) throws Exception {
        return Files.writeString(folder.resolve("runbook.yaml"), """
                version: 1
                id: mixed-migration
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                  - id: schema
                    migrate: { locations: [migrations]%s }
                    no_rollback: forward-only
                """.formatted(mixed ? ", mixed: true" : ""));
    }
}
