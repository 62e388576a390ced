package dev.runbook.journal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a new connection to one database target, telling the server which application it is
 * ({@code runbook:<run-id>:<operator>} for the run lock), so the journal and the lock each get a session
 * of their own, apart from the connections steps run on. Made by {@code exec.TargetConnector}, the one class
 * that opens sessions on targets. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Connector {

    /** A new connection in auto-commit mode; the caller closes it. */
    Connection open(String applicationName) throws SQLException;
}
