package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.plan.PlannedTarget;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end of a rehearsal checks that the transaction it rolls back is the one it opened, on real PostgreSQL. */
class RehearsalTransactionTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static TargetConnections rehearsal(PostgresServer.TestDb db) {
        PlannedTarget app = new PlannedTarget("app", "postgresql", "app", Map.of("url", db.jdbcUrl() + "?user=postgres"),
                "app", "runbook.history", false, false);
        return new TargetConnections(Map.of("app", app), null, "runbook:test", TargetConnections.Use.REHEARSAL);
    }

    @Test
    void aRehearsalWhoseTransactionStayedOpenEndsCleanAndLeavesNothing() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (n int)");
        try (TargetConnections connections = rehearsal(db)) {
            Connection c = connections.connection("app");
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO t VALUES (1)");
            }
            c.commit(); // a step's commit: a savepoint's release inside the rehearsal
            TargetConnections.RehearsalEnd end = connections.endRehearsal();
            assertEquals(List.of(), end.escaped());
        }
        assertEquals("0", db.one("SELECT count(*) FROM t"));
    }

    @Test
    void aCommitThatSlippedThroughIsSaidLoudly() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (n int)");
        try (TargetConnections connections = rehearsal(db)) {
            Connection c = connections.connection("app");
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO t VALUES (1)");
            }
            // What no analysis saw: the real session commits (as a procedure or an extension could).
            c.unwrap(Connection.class).commit();
            TargetConnections.RehearsalEnd end = connections.endRehearsal();
            assertEquals(1, end.escaped().size(), end.toString());
            assertTrue(end.escaped().get(0).contains("NOT THE ONE IT OPENED"), end.escaped().get(0));
        }
        assertEquals("1", db.one("SELECT count(*) FROM t"), "which is why it must be said: the row stayed");
    }
}
