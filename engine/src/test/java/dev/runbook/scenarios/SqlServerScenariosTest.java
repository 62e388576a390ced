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
}
