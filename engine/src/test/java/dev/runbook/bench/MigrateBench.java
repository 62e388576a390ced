package dev.runbook.bench;

import dev.runbook.migrate.JdbcDataSource;
import dev.runbook.migrate.MigrationRequest;
import dev.runbook.migrate.MigrationResult;
import dev.runbook.migrate.MigrationRunner;
import dev.runbook.model.MigrateSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The Java side of bench/migrate-500.sh, run on the test classpath:
 * {@code server PORT_FILE} keeps an embedded PostgreSQL up until stdin closes;
 * {@code flyway JDBC_URL DIR} applies DIR with Flyway's Java API alone (the baseline);
 * {@code runbook JDBC_URL DIR} applies DIR through Runbook's {@link MigrationRunner} (the migrate step's path);
 * {@code compare PORT DIR ROUNDS} runs both in one warm JVM in A-B-B-A order on fresh databases, which cancels
 * the drift of a shared, busy machine better than separate processes, and prints the medians.
 */
public final class MigrateBench {
    private MigrateBench() {}

    private static void compare(int port, Path dir, int rounds) throws Exception {
        List<Long> flyway = new java.util.ArrayList<>();
        List<Long> runbook = new java.util.ArrayList<>();
        int db = 0;
        for (int round = 0; round <= rounds; round++) {   // round 0 warms up and is not counted
            for (String which : List.of("flyway", "runbook", "runbook", "flyway")) {
                String url = fresh(port, "cmp" + (++db));
                long start = System.nanoTime();
                if (which.equals("flyway")) {
                    Flyway.configure().dataSource(url, "postgres", "").locations("filesystem:" + dir).load().migrate();
                } else {
                    Properties p = new Properties();
                    p.setProperty("user", "postgres");
                    MigrationResult r = new MigrationRunner(new JdbcDataSource(url, p))
                            .migrate(MigrationRequest.latest(List.of(dir), MigrateSpec.Naming.FLYWAY));
                    if (!r.succeeded()) throw new IllegalStateException(r.summary());
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (round > 0) (which.equals("flyway") ? flyway : runbook).add(ms);
            }
        }
        long f = median(flyway);
        long r = median(runbook);
        System.out.printf("in one warm JVM, A-B-B-A x %d: Flyway alone median %d ms, Runbook MigrationRunner median %d ms"
                + " (%+.1f%%)%n", rounds, f, r, 100.0 * (r - f) / f);
    }

    private static String fresh(int port, String name) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        switch (args[0]) {
            case "server" -> {
                try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
                    Files.writeString(Path.of(args[1]), Integer.toString(pg.getPort()));
                    while (System.in.read() >= 0) {
                        // Runs until the script closes our stdin.
                    }
                }
            }
            case "flyway" -> {
                MigrateResult r = Flyway.configure().dataSource(args[1], "postgres", "")
                        .locations("filesystem:" + Path.of(args[2]).toAbsolutePath()).load().migrate();
                out.println("flyway: " + r.migrationsExecuted + " migrations applied");
            }
            case "runbook" -> {
                Properties p = new Properties();
                p.setProperty("user", "postgres");
                MigrationResult r = new MigrationRunner(new JdbcDataSource(args[1], p))
                        .migrate(MigrationRequest.latest(List.of(Path.of(args[2]).toAbsolutePath()), MigrateSpec.Naming.FLYWAY));
                out.println("runbook: " + r.summary().replaceAll("\\(.*\\)", "(...)"));
                if (!r.succeeded()) System.exit(1);
            }
            case "compare" -> compare(Integer.parseInt(args[1]), Path.of(args[2]).toAbsolutePath(), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: server PORT_FILE | flyway URL DIR | runbook URL DIR");
        }
    }
}
