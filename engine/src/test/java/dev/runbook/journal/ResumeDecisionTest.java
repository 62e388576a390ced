package dev.runbook.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestRunbooks;
import dev.runbook.db.Dialect;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedStep;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Resume decisions from a real journal and a real plan: what to skip, what to retry, and when to refuse. */
class ResumeDecisionTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    TestPostgres.Db db;
    Path runbook;

    @BeforeEach
    void setUp() throws IOException {
        db = PG.freshDatabase();
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("sql/b.sql"), "UPDATE items SET done = true;\n");
        runbook = dir.resolve("runbook.yaml");
        Files.writeString(runbook, """
                version: 1
                id: shop-fix
                targets:
                  app: { engine: postgresql, url: "postgresql://localhost/shop" }
                steps:
                  - id: a
                    sql: CREATE TABLE items (id int, done boolean)
                    rollback: { sql: DROP TABLE items }
                  - id: b
                    sql: { file: sql/b.sql }
                    rollback: { sql: UPDATE items SET done = false }
                  - id: c
                    sql: SELECT 1
                """);
    }

    private Plan plan() {
        return TestRunbooks.plan(runbook, null, Map.of(), Map.of());
    }

    /** Journals a run of {@code plan} that completed step a and failed (or died in) step b. */
    private RunState runThatStoppedInB(Plan plan, boolean died) {
        try (Journal journal = Journal.open(db::connect, Dialect.forEngine("postgresql"), null,
                new TickingClock(Instant.parse("2026-11-22T10:00:00Z")))) {
            JournalRun r = journal.begin(new RunRecord("r1", plan.runbookId(), plan.runbookChecksum(), plan.hash(), null,
                    null, "alice", "host", "dev"));
            PlannedStep a = plan.steps().get(0);
            PlannedStep b = plan.steps().get(1);
            r.itemStarted("precondition/1", null);
            r.itemFinished("precondition/1", JournalStatus.SUCCEEDED, null, null);
            r.itemStarted("step/a", a.checksum());
            r.itemFinished("step/a", JournalStatus.SUCCEEDED, null, null);
            r.itemStarted("step/b", b.checksum());
            if (!died) {
                r.itemFinished("step/b", JournalStatus.FAILED, null, "deadlock detected");
                r.itemSkipped("step/c", plan.steps().get(2).checksum(), "not run: step b failed");
                r.finished(JournalStatus.FAILED, "changed: step a applied, step b failed");
            }
            return journal.runState("r1").orElseThrow();
        }
    }

    @Test
    void skipsCompletedStepsAndRetriesTheFailedOne() {
        Plan plan = plan();
        ResumeDecision d = ResumeDecision.decide(runThatStoppedInB(plan, false), plan);

        ResumeDecision.Resume resume = assertInstanceOf(ResumeDecision.Resume.class, d);
        assertEquals(List.of("step/a"), resume.completed());
        assertEquals(Optional.of("step/b"), resume.retry());
        assertEquals(List.of("step/b", "step/c"), resume.remaining(), "c was skipped after the failure, so it runs now");
    }

    @Test
    void stepsCompletedByAnEarlierRunCarryOverWhenAResumedRunIsResumedAgain() {
        Plan plan = plan();
        runThatStoppedInB(plan, false);
        try (Journal journal = Journal.open(db::connect, Dialect.forEngine("postgresql"), null,
                new TickingClock(Instant.parse("2026-11-22T11:00:00Z")))) {
            JournalRun r2 = journal.begin(new RunRecord("r2", plan.runbookId(), plan.runbookChecksum(), plan.hash(), null,
                    null, "alice", "host", "dev"));
            r2.itemCompletedEarlier("step/a", plan.steps().get(0).checksum(), "r1");
            r2.itemStarted("step/b", plan.steps().get(1).checksum());
            r2.itemFinished("step/b", JournalStatus.SUCCEEDED, null, null);
            r2.itemStarted("step/c", plan.steps().get(2).checksum());
            r2.itemFinished("step/c", JournalStatus.FAILED, null, "boom");
            r2.finished(JournalStatus.FAILED, null);

            ResumeDecision.Resume resume = assertInstanceOf(ResumeDecision.Resume.class,
                    ResumeDecision.decide(journal.runState("r2").orElseThrow(), plan));
            assertEquals(List.of("step/a", "step/b"), resume.completed());
            assertEquals(Optional.of("step/c"), resume.retry());
        }
    }

    @Test
    void anInterruptedStepIsRetried() {
        Plan plan = plan();
        ResumeDecision.Resume resume = assertInstanceOf(ResumeDecision.Resume.class,
                ResumeDecision.decide(runThatStoppedInB(plan, true), plan));
        assertEquals(Optional.of("step/b"), resume.retry());
    }

    @Test
    void aChangedFileIsRefusedNamingTheStep() throws IOException {
        RunState state = runThatStoppedInB(plan(), false);
        Files.writeString(dir.resolve("sql/b.sql"), "UPDATE items SET done = true WHERE id > 0;\n");

        ResumeDecision.Refused refused = assertInstanceOf(ResumeDecision.Refused.class, ResumeDecision.decide(state, plan()));

        assertTrue(refused.reason().startsWith("cannot resume run r1: a file the runbook reads changed since it ran"),
                refused.reason());
        assertTrue(refused.reason().contains("changed steps: b"), refused.reason());
    }

    @Test
    void aChangedRunbookIsRefused() throws IOException {
        RunState state = runThatStoppedInB(plan(), false);
        Files.writeString(runbook, Files.readString(runbook).replace("SELECT 1", "SELECT 2"));

        ResumeDecision.Refused refused = assertInstanceOf(ResumeDecision.Refused.class, ResumeDecision.decide(state, plan()));

        assertTrue(refused.reason().contains("the runbook file changed"), refused.reason());
    }

    @Test
    void succeededAndRolledBackRunsAreNotResumed() {
        Plan plan = plan();
        RunState failed = runThatStoppedInB(plan, false);
        RunState succeeded = new RunState("r1", failed.runbookId(), failed.runbookChecksum(), failed.planHash(),
                JournalStatus.SUCCEEDED, null, null, null, failed.items());
        RunState rolledBack = new RunState("r1", failed.runbookId(), failed.runbookChecksum(), failed.planHash(),
                JournalStatus.ROLLED_BACK, null, null, null, failed.items());

        assertEquals("nothing to resume: run r1 succeeded",
                assertInstanceOf(ResumeDecision.Refused.class, ResumeDecision.decide(succeeded, plan)).reason());
        assertTrue(assertInstanceOf(ResumeDecision.Refused.class, ResumeDecision.decide(rolledBack, plan)).reason()
                .contains("rolled back"));
    }
}
