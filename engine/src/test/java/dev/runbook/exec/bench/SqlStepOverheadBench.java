package dev.runbook.exec.bench;

import dev.runbook.diag.Position;
import dev.runbook.exec.Executor;
import dev.runbook.exec.RunOptions;
import dev.runbook.exec.RunResult;
import dev.runbook.model.FailurePolicy;
import dev.runbook.model.RetryPolicy;
import dev.runbook.plan.Decision;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedSql;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PlannedTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Engine overhead per SQL step: N single-row INSERT steps through the executor (one transaction and two
 * durable journal events per step) against the same N statements sent with plain JDBC in autocommit, on
 * one embedded PostgreSQL. Prints both and the difference per step.
 */
public final class SqlStepOverheadBench {
    private static final Position POS = new Position("bench", 1, 1);

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bench_jdbc (id int); CREATE TABLE bench_engine (id int)");
            }
            Path runs = Files.createTempDirectory("runbook-bench");
            // Warm both paths up first: class loading and JIT are not what is measured.
            jdbc(url, 300);
            engine(url, 300, runs.resolve("warmup"));
            List<String> lines = new ArrayList<>();
            double bestJdbc = Double.MAX_VALUE;
            double bestEngine = Double.MAX_VALUE;
            for (int r = 1; r <= rounds; r++) {
                double j = jdbc(url, n);
                double e = engine(url, n, runs.resolve("round" + r));
                bestJdbc = Math.min(bestJdbc, j);
                bestEngine = Math.min(bestEngine, e);
                lines.add(String.format(Locale.ROOT, "round %d: plain JDBC %.3f ms/stmt, engine %.3f ms/step, overhead %.3f ms/step",
                        r, j, e, e - j));
            }
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "best of %d rounds, %d steps: plain JDBC %.3f ms/stmt, engine %.3f ms/step,"
                    + " overhead %.3f ms/step (target < 1 ms, issue #19)%n", rounds, n, bestJdbc, bestEngine, bestEngine - bestJdbc);
            try (var files = Files.walk(runs)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double jdbc(String url, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) st.execute("INSERT INTO bench_jdbc VALUES (" + i + ")");
            return (System.nanoTime() - start) / 1e6 / n;
        }
    }

    private static double engine(String url, int n, Path runDir) {
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PlannedSql sql = new PlannedSql(POS, "INSERT INTO bench_engine VALUES (" + i + ")", null, true, Map.of(), null, null);
            steps.add(new PlannedStep(i + 1, "insert-" + i, null, null, POS, new PlannedAction.Sql(sql, true), "app",
                    new Decision.Run(), null, null, FailurePolicy.ABORT, RetryPolicy.NONE, null, false, false, false, false, false,
                    true, null, "sha256:" + i, Map.of(), List.of(), null, null, null));
        }
        PlannedTarget app = new PlannedTarget("app", "postgresql", "bench", Map.of("url", url, "user", "postgres"),
                "runbook", "runbook.history", false, false);
        Plan plan = new Plan(1, "sha256:bench", "bench", "bench", null, null, "bench.yaml", "sha256:0", runDir, "bench", false,
                null, Map.of(), Map.of("app", app), List.of(), List.of(), steps, List.of(), List.of(), null, List.of());
        long start = System.nanoTime();
        RunResult r = new Executor().run(plan, RunOptions.defaults().withRunDir(runDir));
        double perStep = (System.nanoTime() - start) / 1e6 / n;
        if (r.exitCode() != 0) throw new IllegalStateException(r.summary());
        return perStep;
    }
}
