package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.TestRunbooks;
import dev.runbook.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smaller DSL gaps of #16 on real PostgreSQL, through the command line where it can be: library check params
 * interpolated, expect_affected as an expression, run_timeout: 0s, approval timeouts, require_approvals of a skipped
 * approval step.
 */
class SmallDslGapsTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private static final String HEADER = """
            version: 1
            id: gaps
            targets:
              db: { engine: postgresql, url: "${env.DATABASE_URL}" }
            """;

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, HEADER + yaml);
        return f;
    }

    private static String target(PostgresServer.TestDb db) {
        return "db=" + db.jdbcUrl() + "?user=postgres";
    }

    private TestCli.Result run(Path file, PostgresServer.TestDb db, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--target", target(db), "--out",
                dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return TestCli.run(args.toArray(String[]::new));
    }

    @Test
    void libraryCheckParamsAreInterpolatedWhenPlanningAndBoundAsTheResolvedValue() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE orders (id int, note text)");
        Path f = write("library.yaml", """
                params:
                  table: { type: string, default: orders }
                preconditions:
                  - name: the table is there
                    check: table_exists
                    params: { table: "${params.table}" }
                steps:
                  - id: columns
                    for_each: [id, note]
                    assert:
                      - check: column_exists
                        params: { table: "${params.table}", column: "${item}" }
                """);
        TestCli.Result ok = run(f, db, "ok");
        assertEquals(0, ok.code(), ok.all());
        TestCli.Result wrong = run(f, db, "wrong", "-p", "table=invoices");
        assertEquals(3, wrong.code(), "the precondition looked for 'invoices', not for the text ${params.table}: "
                + wrong.all());

        Path late = write("late.yaml", """
                steps:
                  - id: count
                    sql: SELECT 1
                  - id: check
                    assert:
                      - check: table_exists
                        params: { table: "${steps.count.result}" }
                """);
        TestCli.Result refused = TestCli.run("validate", late.toString());
        assertEquals(2, refused.code(), refused.all());
        assertTrue(refused.all().contains("RB232") && refused.all().contains("late.yaml:"), refused.all());
    }

    @Test
    void expectAffectedTakesAnExpressionOverParamsOrEarlierSteps() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE sessions (id int, stale boolean)");
        db.exec("INSERT INTO sessions VALUES (1, true), (2, true), (3, false)");
        Path f = write("affected.yaml", """
                params:
                  batch: { type: integer, default: 1 }
                steps:
                  - id: stale
                    sql: SELECT count(*) FROM sessions WHERE stale
                  - id: mark
                    no_rollback: test table
                    sql:
                      text: UPDATE sessions SET stale = stale WHERE id <= :batch
                      expect_affected: params.batch
                  - id: purge
                    no_rollback: test table
                    sql:
                      text: DELETE FROM sessions WHERE stale
                      expect_affected: steps.stale.result
                """);
        TestCli.Result plan = TestCli.run("plan", f.toString(), "--target", target(db), "-p", "batch=2");
        assertTrue(plan.out().contains("expect_affected: 2") && plan.out().contains("expect_affected: steps.stale.result"),
                plan.out());
        TestCli.Result ok = run(f, db, "ok", "-p", "batch=2");
        assertEquals(0, ok.code(), ok.all());
        assertEquals("1", db.one("SELECT count(*) FROM sessions"));

        db.exec("INSERT INTO sessions VALUES (4, true), (5, false)");
        TestCli.Result wrong = run(f, db, "wrong", "-p", "batch=1");
        assertEquals(1, wrong.code(), "ids <= 1 are gone, so the update touches 0 rows, not 1: " + wrong.all());
        assertTrue(wrong.all().contains("expected 1 rows affected, got 0"), wrong.all());
        assertEquals("3", db.one("SELECT count(*) FROM sessions"), "nothing after the failed step ran");

        Path bad = write("bad.yaml", """
                params:
                  batch: { type: integer, default: -3 }
                steps:
                  - id: mark
                    no_rollback: test table
                    sql: { text: "UPDATE sessions SET stale = true", expect_affected: params.batch }
                """);
        TestCli.Result refused = TestCli.run("plan", bad.toString(), "--target", target(db));
        assertEquals(2, refused.code(), refused.all());
        assertTrue(refused.all().contains("RB410") && refused.all().contains("expected 0 or more rows"), refused.all());
    }

    @Test
    void runTimeoutZeroMeansNoRunTimeoutLikeAStepTimeoutZero() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        Path f = write("zero.yaml", """
                defaults:
                  run_timeout: 0s
                  timeout: 0s
                steps:
                  - id: nap
                    sql: SELECT pg_sleep(0.4)
                  - id: after
                    sql: SELECT 1
                """);
        TestCli.Result r = run(f, db, "zero");
        assertEquals(0, r.code(), r.all());
        TestCli.Result plan = TestCli.run("plan", f.toString(), "--target", target(db));
        assertTrue(!plan.out().contains("timeout: 0s"), "no bound is shown as none: " + plan.out());
    }

    @Test
    void anApprovalRecordedLaterThanTheStepTimeoutFailsTheResumedStep() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (id int)");
        Path f = write("late-approval.yaml", """
                steps:
                  - id: go
                    approval: ship it?
                    timeout: 1s
                  - id: ship
                    no_rollback: test table
                    sql: INSERT INTO t VALUES (1)
                """);
        Path runs = dir.resolve("runs");
        TestCli.Result first = TestCli.run("run", f.toString(), "--target", target(db), "--out",
                runs.resolve("first").toString());
        assertEquals(6, first.code(), first.all());
        Matcher m = Pattern.compile("runbook approve (\\S+) go").matcher(first.all());
        assertTrue(m.find(), first.all());
        String runId = m.group(1);
        Files.move(runs.resolve("first"), runs.resolve(runId));
        Thread.sleep(1600);
        TestCli.Result approve = TestCli.run("approve", runId, "go", "--reason", "late", "--runs", runs.toString(),
                "--target", target(db));
        assertEquals(0, approve.code(), approve.all());
        TestCli.Result resume = TestCli.run("resume", runId, "--runs", runs.toString(), "--target", target(db));
        assertEquals(1, resume.code(), resume.all());
        assertTrue(resume.all().contains("came too late"), resume.all());
        assertEquals("0", db.one("SELECT count(*) FROM t"), "the step behind the expired approval did not run");
    }

    @Test
    void anUnansweredPromptTimesOutAndFailsTheStep() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (id int)");
        Path f = write("prompt.yaml", """
                steps:
                  - id: go
                    approval: ship it?
                    timeout: 500ms
                  - id: ship
                    no_rollback: test table
                    sql: INSERT INTO t VALUES (1)
                """);
        Plan plan = TestRunbooks.plan(f, null, Map.of(), Map.of("DATABASE_URL", db.jdbcUrl() + "?user=postgres"));
        Runs.RecordingProgress progress = new Runs.RecordingProgress();
        ApprovalPrompter nobody = (id, prompt, following) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
        long start = System.nanoTime();
        RunResult r = new Executor().run(plan, Runs.options(dir.resolve("prompt"), progress)
                .withConsole(nobody, progress, false));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.exitCode(), r.summary());
        assertTrue(ms < 10_000, "the prompt's wait ended at the timeout, not at the answer: " + ms + " ms");
        assertTrue(Runs.lastFinished(dir.resolve("prompt"), "step/go").get("reason").asText()
                .contains("no answer to the approval of step go within its timeout of 500ms"), r.summary());
        assertEquals("0", db.one("SELECT count(*) FROM t"));
    }

    @Test
    void requireApprovalsDoesNotDemandAnApprovalThePlanSkipsWhenNothingAfterItChanges() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE t (id int)");
        Path f = write("dry.yaml", """
                params:
                  apply: { type: boolean, default: false }
                  always: { type: boolean, default: false }
                environments:
                  prod:
                    require_approvals: [go]
                steps:
                  - id: preview
                    sql: SELECT count(*) FROM t
                  - id: go
                    when: params.apply
                    approval: apply the change?
                  - id: change
                    when: params.apply || params.always
                    no_rollback: test table
                    sql: INSERT INTO t VALUES (1)
                """);
        TestCli.Result dry = run(f, db, "dry", "--env", "prod");
        assertEquals(0, dry.code(), "a dry run needs no approval: " + dry.all());
        TestCli.Result plan = TestCli.run("plan", f.toString(), "--target", target(db), "--env", "prod");
        assertTrue(plan.out().contains("not needed: this plan skips approval step go"), plan.out());
        TestCli.Result ungated = run(f, db, "ungated", "--env", "prod", "-p", "always=true");
        assertEquals(2, ungated.code(), "a change after the skipped gate still needs the approval: " + ungated.all());
        assertTrue(ungated.all().contains("change after it still changes a target; pass --approve go"), ungated.all());
        assertEquals("0", db.one("SELECT count(*) FROM t"));
    }
}
