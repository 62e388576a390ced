package dev.runbook.journal;

import java.sql.Connection;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;

/**
 * Jdbi handles over a connection the caller owns. The journal's SQL runs on the run's own sessions (its lock
 * session, a step's open transaction), so a handle must neither close the connection nor roll back a
 * transaction it did not begin; Jdbi does both by default.
 */
final class JournalHandles {
    private JournalHandles() {}

    static Handle on(Connection connection) {
        Jdbi jdbi = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection c) {
                // the caller closes it
            }
        });
        jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        return jdbi.open();
    }
}
