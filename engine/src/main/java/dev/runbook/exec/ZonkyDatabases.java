package dev.runbook.exec;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Embedded PostgreSQL (zonky binaries) started on first use and stopped on close, so a runbook can be
 * tried on a laptop with nothing installed. Thread-safe.
 */
public final class ZonkyDatabases implements EmbeddedDatabases {
    private final boolean owned;
    private EmbeddedPostgres server;
    private final Set<String> created = new HashSet<>();

    /** A provider that starts its own server when first asked and stops it on close. */
    public ZonkyDatabases() {
        this.owned = true;
    }

    /** A provider over a server someone else started and stops (tests share one per class). */
    public ZonkyDatabases(EmbeddedPostgres shared) {
        this.owned = false;
        this.server = shared;
    }

    @Override
    public synchronized ConnectionSpec database(String name) throws IOException, SQLException {
        if (server == null) server = EmbeddedPostgres.builder().start();
        if (created.add(name)) {
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                        + name.replace("'", "''") + "'")) {
                    if (!rs.next()) st.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
        }
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        String host = "localhost:" + server.getPort();
        return new ConnectionSpec("jdbc:postgresql://" + host + "/" + name, props,
                "embedded postgresql (database " + name + ")", "postgresql://postgres@" + host + "/" + name);
    }

    @Override
    public synchronized void close() {
        if (!owned || server == null) return;
        try {
            server.close();
        } catch (IOException e) {
            // Stopping a throwaway server that already died leaves nothing to clean up for the operator.
        } finally {
            server = null;
        }
    }
}
