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
import dev.runbook.plan.PlannedCheck;
import dev.runbook.plan.PlannedSql;
import dev.runbook.plan.PlannedStep;
import dev.runbook.plan.PlannedTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Engine cost per check of one assert step in a warm JVM: N checks ({@code SELECT COUNT(*) ... } with
 * {@code expect: result == 0}) through the executor against the same N queries with plain JDBC, on one embedded
 * PostgreSQL (or the server at JDBC_URL). Prints both and the difference per check, best of ROUNDS.
 * Usage (test classpath): AssertStepBench [N] [ROUNDS] [JDBC_URL]
 */
public final class AssertStepBench {
    private static final Position POS = new Position("bench", 1, 1);
    // The client's CPU (every thread of this JVM): on a shared, loaded machine the steadier figure.
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static double lastCpuMs;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        EmbeddedPostgres pg = args.length > 2 ? null : EmbeddedPostgres.builder().start();
        try {
            String url = pg == null ? args[2] : "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_checked; CREATE TABLE bench_checked (id int)");
            }
            Path runs = Files.createTempDirectory("runbook-bench");
            jdbc(url, n);
            engine(url, n, runs.resolve("warmup"));
            double bestJdbc = Double.MAX_VALUE;
            double bestEngine = Double.MAX_VALUE;
            double bestOne = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            for (int r = 1; r <= rounds; r++) {
                double j = jdbc(url, n);
                double e = engine(url, n, runs.resolve("round" + r));
                double eCpu = lastCpuMs;
                double one = engine(url, 1, runs.resolve("one" + r));
                bestCpu = Math.min(bestCpu, eCpu - lastCpuMs);
                bestJdbc = Math.min(bestJdbc, j);
                bestEngine = Math.min(bestEngine, e);
                bestOne = Math.min(bestOne, one);
                System.out.printf(Locale.ROOT, "round %d: plain JDBC %.1f ms, engine %.1f ms for %d checks, %.1f ms for one%n",
                        r, j, e, n, one);
            }
            // A run's fixed cost (lock, journal rows, run events) is what a one-check run takes.
            System.out.printf(Locale.ROOT, "best of %d rounds, %d checks in one assert step: plain JDBC %.1f ms,"
                    + " engine %.1f ms (a one-check run %.1f ms), overhead %.3f ms/check%n", rounds, n,
                    bestJdbc, bestEngine, bestOne, (bestEngine - bestOne - bestJdbc) / (n - 1));
            System.out.printf(Locale.ROOT, "client CPU of the %d checks beyond a one-check run: %.3f ms/check (best round)%n",
                    n, bestCpu / (n - 1));
            try (var files = Files.walk(runs)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } finally {
            if (pg != null) pg.close();
        }
    }

    private static String query(int i) {
        return "SELECT COUNT(*) FROM bench_checked WHERE id = " + (-i);
    }

    private static double jdbc(String url, int n) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            for (int i = 1; i <= n; i++) {
                try (ResultSet rs = st.executeQuery(query(i))) {
                    if (!rs.next() || rs.getLong(1) != 0) throw new IllegalStateException("check " + i);
                }
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double engine(String url, int n, Path runDir) {
        List<PlannedCheck> checks = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            checks.add(new PlannedCheck(POS, "check " + i, null, new PlannedSql(POS, query(i), null, true, Map.of(), null,
                    null), null, Map.of(), "result == 0"));
        }
        PlannedStep step = new PlannedStep(1, "checks", null, null, POS, new PlannedAction.Assert(checks), "app",
                new Decision.Run(), null, null, FailurePolicy.ABORT, RetryPolicy.NONE, null, false, false, false, false, false,
                true, null, "sha256:checks", Map.of(), List.of(), null, null, null);
        PlannedTarget app = new PlannedTarget("app", "postgresql", "bench", Map.of("url", url, "user", "postgres"),
                "runbook", "runbook.history", false, false);
        Plan plan = new Plan(1, "sha256:bench", "bench", "bench", null, null, "bench.yaml", "sha256:0", runDir, "bench", false,
                null, Map.of(), Map.of("app", app), List.of(), List.of(), List.of(step), List.of(), List.of(), null, List.of());
        long start = System.nanoTime();
        long cpu = CPU.getProcessCpuTime();
        RunResult r = new Executor().run(plan, RunOptions.defaults().withRunDir(runDir));
        double ms = (System.nanoTime() - start) / 1e6;
        lastCpuMs = (CPU.getProcessCpuTime() - cpu) / 1e6;
        if (r.exitCode() != 0) throw new IllegalStateException(r.summary());
        return ms;
    }
}
