package dev.runbook.scenarios;

import dev.runbook.exec.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine scenarios on a real (embedded) PostgreSQL. */
class PostgresScenariosTest extends EngineScenarios {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @Override
    String engine() {
        return "postgresql";
    }

    @Override
    String freshDatabaseUrl() {
        return PG.freshDatabase().jdbcUrl() + "?user=postgres";
    }

    @Override
    Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    String sleepSql(int seconds) {
        return "SELECT pg_sleep(" + seconds + ")";
    }
}
