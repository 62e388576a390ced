package dev.runbook.exec;

import dev.runbook.db.ConnectionSource;
import java.sql.Connection;

/** A DataSource that lends one connection it does not own (a rehearsal's), whoever asks and however often. */
final class LentDataSource extends ConnectionSource {
    private final Connection connection;

    LentDataSource(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public Connection getConnection(String user, String password) {
        return connection;
    }
}
