package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.model.RetryPolicy;
import dev.runbook.plan.PlannedTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection problems with their exit codes and messages; its own server, because it needs password auth. */
class ConnectionErrorsTest {
    static final String PASSWORD = "right-horse-battery";
    static EmbeddedPostgres pg;

    @TempDir
    Path runDir;

    @BeforeAll
    static void passwordServer() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
            st.execute("CREATE DATABASE shop OWNER app");
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                // The superuser keeps trust for the test itself; everyone else must give a password.
                Files.writeString(Path.of(rs.getString(1)), "host all postgres 127.0.0.1/32 trust\n"
                        + "host all postgres ::1/128 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
                        + "host all all ::1/128 scram-sha-256\n");
            }
            st.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        pg.close();
    }

    private static PlannedTarget target(String url, String password) {
        return new PlannedTarget("app", "postgresql", "postgresql://app@localhost/shop",
                password == null ? Map.of("url", url) : Map.of("url", url, "password", password),
                "runbook", "runbook.history", false, false);
    }

    private RunResult run(PlannedTarget t, RetryPolicy retry) {
        return new Executor().run(plan().target(t).step("q", sqlStep("SELECT 1")).retry(retry).build(),
                Runs.options(runDir, new Runs.RecordingProgress()));
    }

    @Test
    void connectsWithALibpqUrlAndTheRightPassword() {
        RunResult r = run(target("postgresql://app@localhost:" + pg.getPort() + "/shop", PASSWORD), RetryPolicy.NONE);
        assertEquals(0, r.exitCode(), r.summary());
    }

    @Test
    void wrongCredentialsStopTheRunBeforeAnyStepNamingTheTargetButNotThePassword() {
        RunResult r = run(target("postgresql://app:wrong-password@localhost:" + pg.getPort() + "/shop", null), RetryPolicy.NONE);
        assertEquals(1, r.exitCode());
        assertTrue(r.summary().startsWith("cannot take the run lock on target 'app'"), r.summary());
        assertTrue(r.summary().contains("password authentication failed for user \"app\""), r.summary());
        assertTrue(r.summary().endsWith("nothing ran"), r.summary());
        assertEquals("unchanged: the run could not start", r.targetState());
        assertTrue(Runs.events(runDir).stream().anyMatch(e -> e.get("type").asText().equals("item.skipped")
                && e.get("key").asText().equals("step/q")), "the step is reported as not run");
        assertFalse(r.summary().contains("wrong-password"));
    }

    @Test
    void anUnreachableDatabaseFailsTheRunBeforeAnyStepWithoutLeakingThePassword() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RunResult r = run(target("jdbc:postgresql://127.0.0.1:" + closed + "/shop?user=app&password=" + PASSWORD, null),
                Plans.retry(2, Duration.ofMillis(10), RetryPolicy.RetryOn.CONNECTION));
        assertEquals(1, r.exitCode());
        assertTrue(r.summary().startsWith("cannot take the run lock on target 'app'"), r.summary());
        assertTrue(r.summary().contains("Connection to 127.0.0.1:" + closed + " refused"), r.summary());
        assertFalse(r.summary().contains(PASSWORD));
        assertTrue(Runs.finished(runDir, "step/q").isEmpty(), "no step ran");
    }
}
