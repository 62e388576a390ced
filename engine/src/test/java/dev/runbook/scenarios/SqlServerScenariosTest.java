package dev.runbook.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.MSSQLServerContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The engine scenarios on SQL Server 2022 in a container. Without a Docker engine every test is reported as
 * skipped, with the reason printed on the build's console, never passed. The image can be replaced with RUNBOOK_MSSQL_IMAGE.
 */
@Tag("sqlserver")
@ExtendWith(DockerRequired.class)
@Testcontainers
class SqlServerScenariosTest extends EngineScenarios {
    static final String IMAGE = System.getenv().getOrDefault("RUNBOOK_MSSQL_IMAGE", "mcr.microsoft.com/mssql/server:2022-latest");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Container
    static final MSSQLServerContainer<?> SERVER = new MSSQLServerContainer<>(DockerImageName.parse(IMAGE)
            .asCompatibleSubstituteFor("mcr.microsoft.com/mssql/server")).acceptLicense();

    @Override
    String engine() {
        return "sqlserver";
    }

    @Override
    String freshDatabaseUrl() throws SQLException {
        String name = "rb_scenario_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(SERVER.getJdbcUrl(), SERVER.getUsername(), SERVER.getPassword());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return SERVER.getJdbcUrl() + ";databaseName=" + name + ";user=" + SERVER.getUsername() + ";password="
                + SERVER.getPassword() + ";encrypt=false";
    }

    @Override
    Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    String sleepSql(int seconds) {
        return "WAITFOR DELAY '00:00:0" + seconds + "'";
    }

    /**
     * Seed 000 (AuraCore on SQL Server 2022) end to end in dev: preconditions on the environment and the server,
     * Flyway migrations, idempotent GO-separated DDL, the audit snapshot call with its token, health, smoke checks.
     * Run as a child process because the runbook reads its connection and token from environment variables.
     */
    @org.junit.jupiter.api.Test
    void seed000RunsEndToEndOnSqlServer() throws Exception {
        String url = freshDatabaseUrl();
        String database = url.replaceAll(".*databaseName=([^;]+).*", "$1");
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        api.createContext("/", ex -> {
            String token = ex.getRequestHeaders().getFirst("x-audit-token");
            if (token != null) tokens.add(token);
            byte[] body = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
        try {
            java.util.Map<String, String> env = java.util.Map.of("DB_HOST", SERVER.getHost(), "DB_NAME", database,
                    "DB_USER", SERVER.getUsername(), "DB_PASSWORD", SERVER.getPassword(), "DB_ENCRYPT", "false",
                    "DB_TRUST_CERT", "true", "AURACORE_BASE_URL", "http://127.0.0.1:" + api.getAddress().getPort(),
                    "AUDIT_SNAPSHOT_HTTP_TOKEN", "audit-token-123");
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.RunbookCli",
                    "run", "../runbooks/auracore-sqlserver-migrations-seeds/runbook.yaml", "--env", "dev",
                    "-p", "ticket=OPS-1", "--target", "db=" + url, "--out", dir.resolve("seed000").toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), out);
            org.junit.jupiter.api.Assertions.assertEquals(0, p.exitValue(), out);
            org.junit.jupiter.api.Assertions.assertFalse(out.contains("audit-token-123"), "the token is masked: " + out);
            org.junit.jupiter.api.Assertions.assertTrue(tokens.contains("audit-token-123"), "the audit call carried its token");
        } finally {
            api.stop(0);
        }
    }
}
