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
    private final EmbeddedServerChoice choice;
    private EmbeddedPostgres server;
    private final Set<String> created = new HashSet<>();

    /** A provider that starts its own server of the chosen major when first asked and stops it on close. */
    public ZonkyDatabases(EmbeddedServerChoice choice) {
        this.owned = true;
        this.choice = choice;
    }

    /** A provider over a server someone else started and stops (tests share one per class). */
    public ZonkyDatabases(EmbeddedPostgres shared) {
        this.owned = false;
        this.choice = null;
        this.server = shared;
    }

    @Override
    public String describe() {
        if (choice == null) return "a shared embedded PostgreSQL (port " + server.getPort() + ")";
        return choice.describe() + (choice.bundled() || PostgresBinaries.localRepository().present(choice.binaries())
                ? "" : "; binaries " + choice.binaries() + " fetched through Maven on first use");
    }

    @Override
    public synchronized ConnectionSpec database(String name) throws IOException, SQLException {
        if (server == null) server = start(choice);
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

    /** Starts a server of the chosen release: the bundled binaries, or that release's from Maven. */
    public static EmbeddedPostgres start(EmbeddedServerChoice choice) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (!choice.bundled()) builder.setPgBinaryResolver(PostgresBinaries.localRepository().resolver(choice.binaries()));
        return builder.start();
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
