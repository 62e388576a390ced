package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * lock_timeout as a step option: a DDL step whose table another session holds waits at most that long, fails
 * with lock_timeout, is retried under retry.on: [lock_timeout], and succeeds once the other session lets go;
 * an environment can require it for every step that changes the schema.
 */
class LockTimeoutTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    private Path runbook(String steps) throws IOException {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/V1__add_note.sql"), "ALTER TABLE orders ADD COLUMN note text;\n");
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: lock-timeout
                environments:
                  dev: {}
                  production: { production: true, require_lock_timeout: true }
                targets:
                  app: { engine: postgresql, url: "postgresql://h/db" }
                steps:
                %s""".formatted(steps));
        return rb;
    }

    /** Holds a lock on orders in an open transaction until {@code release} counts down, then commits. */
    private static Thread holdLock(TestPostgres.Db db, CountDownLatch held, CountDownLatch release) {
        Thread t = new Thread(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("SELECT count(*) FROM orders"); // ACCESS SHARE: enough to block ALTER TABLE
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lock-holder");
        t.start();
        return t;
    }

    @Test
    void aDdlStepRetriesOnLockTimeoutAndSucceedsWhenTheLockIsReleased() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id int PRIMARY KEY)");
        Path rb = runbook("""
                  - id: add-status
                    sql: ALTER TABLE orders ADD COLUMN status text
                    lock_timeout: 200ms
                    retry: { on: [lock_timeout], attempts: 20, delay: 100ms }
                    rollback: { sql: ALTER TABLE orders DROP COLUMN status }
                  - id: migrate
                    migrate: { locations: [migrations], baseline: { version: "0", on_migrate: true } }
                    lock_timeout: 200ms
                    retry: { on: [lock_timeout], attempts: 20, delay: 100ms }
                    rollback: { sql: SELECT 1 }
                """);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = holdLock(db, held, release);
        assertTrue(held.await(10, TimeUnit.SECONDS));
        // Let go only once the step has been seen waiting for the lock, so at least one attempt times out.
        Thread releaser = new Thread(() -> {
            try {
                for (int i = 0; i < 600 && !"t".equals(db.one("SELECT bool_or(NOT granted) FROM pg_locks"
                        + " WHERE relation = 'orders'::regclass")); i++) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();

        TestCli.Result r = TestCli.run("run", rb.toString(), "--env", "dev", "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                "--out", dir.resolve("run").toString());
        holder.join();

        assertEquals(0, r.code(), r.all());
        assertTrue(r.all().contains("step add-status failed (lock_timeout)"), r.all());
        String events = Files.readString(dir.resolve("run/events.jsonl"));
        assertTrue(events.contains("lock_timeout (200ms) ran out waiting for a lock another session holds"), events);
        assertEquals(List.of("id", "status", "note"), db.column("SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 'orders' ORDER BY ordinal_position"));
        assertEquals("0", db.one("SHOW lock_timeout"), "other sessions keep the server default");
    }

    @Test
    void withoutRetryTheStepFailsAfterTheLockTimeoutInsteadOfWaiting() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id int PRIMARY KEY)");
        Path rb = runbook("""
                  - id: add-status
                    sql: ALTER TABLE orders ADD COLUMN status text
                    lock_timeout: 300ms
                    rollback: { sql: SELECT 1 }
                """);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = holdLock(db, held, release);
        assertTrue(held.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        TestCli.Result r;
        try {
            r = TestCli.run("run", rb.toString(), "--env", "dev", "--target", "app=" + db.jdbcUrl() + "?user=postgres",
                    "--out", dir.resolve("run").toString());
        } finally {
            release.countDown();
            holder.join();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, r.code(), r.all());
        assertTrue(r.all().contains("lock_timeout (300ms) ran out"), r.all());
        assertTrue(ms < 15_000, "gave up after the lock timeout, not after the lock was released: " + ms + " ms");
        assertEquals(List.of("id"), db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"));
    }

    @Test
    void aProductionEnvironmentCanRequireLockTimeoutForSchemaChanges() throws Exception {
        Path rb = runbook("""
                  - id: add-status
                    sql: ALTER TABLE orders ADD COLUMN status text
                    rollback: { sql: ALTER TABLE orders DROP COLUMN status }
                  - id: migrate
                    migrate: { locations: [migrations] }
                    rollback: { sql: SELECT 1 }
                  - id: tidy
                    sql: UPDATE orders SET id = id WHERE id < 0
                    rollback: { sql: SELECT 1 }
                """);
        TestCli.Result r = TestCli.run("run", rb.toString(), "--env", "production", "--target", "app=postgresql://127.0.0.1:9/none");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("add-status, migrate change the schema without lock_timeout"), r.all());
        TestCli.Result dev = TestCli.run("plan", rb.toString(), "--env", "dev", "--target", "app=postgresql://h/db");
        assertEquals(0, dev.code(), dev.all());
    }

    @Test
    void theStepOptionAnswersTheLintForDdlWithoutLockTimeout() throws Exception {
        Path rb = runbook("""
                  - id: guarded
                    sql: ALTER TABLE orders ADD COLUMN status text
                    lock_timeout: 5s
                    rollback: { sql: ALTER TABLE orders DROP COLUMN status }
                  - id: unguarded
                    sql: ALTER TABLE orders ADD COLUMN note text
                    rollback: { sql: ALTER TABLE orders DROP COLUMN note }
                """);
        TestCli.Result r = TestCli.run("validate", rb.toString());
        assertTrue(r.all().contains("DDL without lock_timeout") && r.all().contains("(step 'unguarded')"), r.all());
        assertFalse(r.all().contains("(step 'guarded')"), r.all());
        TestCli.Result plan = TestCli.run("plan", rb.toString(), "--env", "dev", "--target", "app=postgresql://h/db");
        assertTrue(plan.out().contains("on failure: abort, lock_timeout: 5.0s"), plan.out());
    }
}
