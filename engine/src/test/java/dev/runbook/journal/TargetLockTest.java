package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.db.Dialect;
import dev.runbook.db.LockSql;
import dev.runbook.testdb.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run lock against a real PostgreSQL: exclusion, the holder named, scopes, waiting, and crashed holders. */
class TargetLockTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    static final Dialect POSTGRES = Dialect.forEngine("postgresql");

    TestPostgres.Db db;
    Connector connector;

    @BeforeEach
    void setUp() {
        db = PG.freshDatabase();
        connector = db::connect;
    }

    static LockRequest request(String runbook, String runId, String operator, String scope, Duration timeout) {
        return new LockRequest("app", scope, runbook, runId, operator, null, timeout);
    }

    private TargetLock lock(String runbook, String runId, String operator) throws LockHeldException {
        return TargetLock.acquire(connector, POSTGRES, request(runbook, runId, operator, "runbook", Duration.ZERO));
    }

    @Test
    void aSecondRunOfTheSameRunbookIsRefusedNamingTheHolder() throws Exception {
        try (TargetLock first = lock("shop", "20261122-104501-7f3a", "alice");
             Journal journal = Journal.open(connector, POSTGRES, null, new TickingClock(Instant.parse("2026-11-22T10:45:01Z")))) {
            journal.begin(JournalTest.run("20261122-104501-7f3a", "shop"));
            assertTrue(first.held());

            LockHeldException e = assertThrows(LockHeldException.class, () -> lock("shop", "20261122-110000-0000", "bob"));

            assertEquals("app", e.target());
            assertEquals(1, e.holders().size());
            LockHolder h = e.holders().get(0);
            assertEquals("20261122-104501-7f3a", h.runId());
            assertEquals("alice", h.operator());
            assertEquals(Instant.parse("2026-11-22T10:45:01Z"), h.startedAt(), "the start comes from the journal's run row");
            assertTrue(e.getMessage().startsWith("target 'app' is locked by run 20261122-104501-7f3a (operator alice,"
                    + " started 2026-11-22T10:45:01Z) (another run of runbook 'shop' is in progress)"), e.getMessage());
        }
    }

    @Test
    void withoutAJournalRowTheSessionStartIsShown() throws Exception {
        try (TargetLock first = lock("shop", "r1", "alice")) {
            LockHeldException e = assertThrows(LockHeldException.class, () -> lock("shop", "r2", "bob"));
            assertTrue(e.holders().get(0).startedAt() != null, "backend_start of the holding session");
            assertTrue(first.alive());
        }
    }

    @Test
    void differentRunbooksRunSideBySide() throws Exception {
        try (TargetLock a = lock("shop", "r1", "alice"); TargetLock b = lock("billing", "r2", "bob")) {
            assertTrue(a.held() && b.held());
        }
    }

    @Test
    void aTargetWideLockKeepsEveryRunbookOutAndWaitsForThem() throws Exception {
        try (TargetLock wide = TargetLock.acquire(connector, POSTGRES, request("maint", "r1", "alice", "target", Duration.ZERO))) {
            LockHeldException e = assertThrows(LockHeldException.class, () -> lock("shop", "r2", "bob"));
            assertTrue(e.getMessage().contains("run r1 (operator alice") && e.getMessage().contains("holds the whole target"),
                    e.getMessage());
            assertTrue(wide.held());
        }
        try (TargetLock shop = lock("shop", "r3", "carol"); TargetLock billing = lock("billing", "r4", "dave")) {
            LockHeldException e = assertThrows(LockHeldException.class, () -> TargetLock.acquire(connector, POSTGRES,
                    request("maint", "r5", "erin", "target", Duration.ZERO)));
            assertEquals(2, e.holders().size(), e.getMessage());
            assertTrue(e.getMessage().contains("run r3 (operator carol") && e.getMessage().contains("run r4 (operator dave"),
                    e.getMessage());
        }
    }

    @Test
    void lockIsReleasedOnClose() throws Exception {
        lock("shop", "r1", "alice").close();
        try (TargetLock again = lock("shop", "r2", "bob")) {
            assertTrue(again.held());
        }
        assertEquals("0", db.one("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    @Test
    void aKilledHoldersLockIsReleasedByTheServer() throws Exception {
        TargetLock crashed = lock("shop", "r1", "alice");
        // The holder's process dies: its session is killed and never unlocks.
        db.exec("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = 'runbook:r1:alice'");

        try (TargetLock next = lock("shop", "r2", "bob")) {
            assertTrue(next.held());
        }
        assertFalse(crashed.alive(), "the dead holder can tell its lock is gone");
        crashed.close();
    }

    @Test
    void aLockLeftByAClosedSessionIsReleased() throws Exception {
        LockSql shop = POSTGRES.lockSql("runbook/app/shop");
        Connection leaked = db.connect("runbook:r1:alice");
        try (PreparedStatement ps = leaked.prepareStatement(shop.tryLockSql())) {
            ps.setObject(1, shop.key());
            ps.execute();
        }
        leaked.close(); // the connection drops without pg_advisory_unlock

        // The server ends the session asynchronously after the client goes; a short wait covers that.
        try (TargetLock next = TargetLock.acquire(connector, POSTGRES, request("shop", "r2", "bob", "runbook",
                Duration.ofSeconds(5)))) {
            assertTrue(next.held());
        }
    }

    @Test
    void lockTimeoutWaitsForTheHolderToFinish() throws Exception {
        TargetLock first = lock("shop", "r1", "alice");
        CompletableFuture<TargetLock> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return TargetLock.acquire(connector, POSTGRES, request("shop", "r2", "bob", "runbook", Duration.ofSeconds(10)));
            } catch (LockHeldException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(400);
        assertFalse(waiting.isDone(), "still waiting while the first run holds the lock");
        first.close();
        try (TargetLock second = waiting.get(10, TimeUnit.SECONDS)) {
            assertTrue(second.held());
        }
    }

    @Test
    void lockTimeoutRunsOutNamingTheHolder() throws Exception {
        try (TargetLock first = lock("shop", "r1", "alice")) {
            long start = System.nanoTime();
            LockHeldException e = assertThrows(LockHeldException.class, () -> TargetLock.acquire(connector, POSTGRES,
                    request("shop", "r2", "bob", "runbook", Duration.ofMillis(600))));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(600).toNanos());
            assertTrue(e.getMessage().contains("run r1 (operator alice"), e.getMessage());
        }
        assertEquals("0", db.one("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                "the waiter let go of the shared target lock it had taken");
    }

    @Test
    void scopeNoneTakesNothing() throws Exception {
        try (TargetLock none = TargetLock.acquire(connector, POSTGRES, request("shop", "r1", "alice", "none", Duration.ZERO));
             TargetLock other = TargetLock.acquire(connector, POSTGRES, request("shop", "r2", "bob", "none", Duration.ZERO))) {
            assertFalse(none.held());
            assertEquals("none", other.scope());
        }
    }

    @Test
    void theHoldingSessionIsNamedForTheRun() throws Exception {
        try (TargetLock held = lock("shop", "20261122-104501-7f3a", "alice")) {
            assertEquals("runbook:20261122-104501-7f3a:alice", db.one("SELECT a.application_name FROM pg_locks l"
                    + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.mode = 'ExclusiveLock'"));
        }
    }
}
