package dev.runbook.exec;

import static dev.runbook.exec.Plans.argv;
import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.model.FailurePolicy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's backup and restore: pg_dump before, pg_restore --clean as the rollback. pg_dump refuses a
 * server newer than itself, so with older client tools the test runs on a PostgreSQL 14 server the build
 * copies for it, and is skipped, saying why, where those binaries cannot run.
 */
class PgDumpRestoreTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path runDir;

    @Test
    void restoresThePgDumpBackupWhenALaterStepFails() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        int client = clientMajor();
        int server = Integer.parseInt(db.one("SHOW server_version_num")) / 10000;
        if (client < server) {
            // The client tools cannot dump the default server: use the PostgreSQL 14 the build copied beside it.
            try (EmbeddedPostgres older = olderServer()) {
                Assumptions.assumeTrue(older != null && client >= 14, "pg_dump " + client + " cannot dump a PostgreSQL "
                        + server + " server and no PostgreSQL 14 binaries are in target/postgres-14 (linux-amd64 only);"
                        + " install PostgreSQL " + server + " client tools to run this test");
                restores(new PostgresServer.TestDb("postgres", older.getPort()));
            }
            return;
        }
        restores(db);
    }

    /** PostgreSQL 14 from the binaries the build copied, or null when they are not there (another platform). */
    private static EmbeddedPostgres olderServer() throws IOException {
        Path dir = Path.of("target", "postgres-14");
        if (!Files.isDirectory(dir)) return null;
        Path jar;
        try (var files = Files.list(dir)) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElse(null);
        }
        if (jar == null) return null;
        Path archive = jar;
        return EmbeddedPostgres.builder().setPgBinaryResolver((system, machine) -> {
            ZipFile zip = new ZipFile(archive.toFile());
            var entry = zip.getEntry("postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + machine + ".txz");
            if (entry == null) {
                zip.close();
                throw new IOException("no PostgreSQL 14 binaries for " + system + "-" + machine + " in " + archive);
            }
            return zip.getInputStream(entry);
        }).start();
    }

    private void restores(PostgresServer.TestDb db) throws Exception {
        db.exec("CREATE TABLE orders (id int PRIMARY KEY, status text); INSERT INTO orders VALUES (1, 'new'), (2, 'paid')");
        RunResult r = new Executor().run(plan().db("app", db)
                .step("backup", argv("pg_dump", "--format=custom", "--file=${run.dir}/before.backup", "${targets.app.url}"))
                .target(null).onFailure(FailurePolicy.ROLLBACK)
                .rollback(argv("pg_restore", "--clean", "--if-exists", "--dbname=${targets.app.url}", "${run.dir}/before.backup"))
                .and()
                .step("purge", sqlStep("DELETE FROM orders")).onFailure(FailurePolicy.ROLLBACK).and()
                .step("check", sqlStep("SELECT count(*) FROM orders")).expect("result == 2").onFailure(FailurePolicy.ROLLBACK)
                .build(), Runs.options(runDir, new Runs.RecordingProgress()));
        assertEquals(RunOutcome.ROLLED_BACK, r.outcome(), r.summary());
        assertEquals(List.of("1", "2"), db.column("SELECT id FROM orders ORDER BY id"), "pg_restore brought the rows back");
    }

    private static int clientMajor() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("(\\d+)\\.").matcher(v);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
