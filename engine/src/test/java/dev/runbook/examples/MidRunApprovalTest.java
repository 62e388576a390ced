package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbooks/examples/fk-with-merge-approval: a run without a terminal stops at the approval (exit 6) keeping what
 * it did; `approve` records who and why in the target's journal; `resume` continues from the approval, applying
 * nothing twice.
 */
class MidRunApprovalTest {
    private static final String RUNBOOK = "../runbooks/examples/fk-with-merge-approval/runbook.yaml";

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void aRunWaitsAtTheApprovalAndApprovePlusResumeCompleteItOnce() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE customers (id int PRIMARY KEY)");
        db.exec("CREATE TABLE orders (id int PRIMARY KEY, customer_id int)");
        db.exec("INSERT INTO customers VALUES (1), (2)");
        db.exec("INSERT INTO orders VALUES (10, 1), (11, 2)");
        String target = "db=" + db.jdbcUrl() + "?user=postgres";
        Path runs = dir.resolve("runs");

        TestCli.Result first = TestCli.run("run", RUNBOOK, "-p", "ticket=OPS-31", "--target", target,
                "--out", runs.resolve("first").toString());
        assertEquals(6, first.code(), first.all());
        Matcher m = Pattern.compile("runbook approve (\\S+) mr-merged").matcher(first.all());
        assertTrue(m.find(), first.all());
        String runId = m.group(1);
        Files.move(runs.resolve("first"), runs.resolve(runId));
        assertEquals("false", db.one("SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_customer_fk'"),
                "the NOT VALID constraint stays while the run waits");
        TestCli.Result history = TestCli.run("history", RUNBOOK, "--target", target);
        assertTrue(history.all().contains(runId) && history.all().contains("waiting"), history.all());

        TestCli.Result early = TestCli.run("approve", runId, "validate-fk", "--reason", "x", "--runs", runs.toString(),
                "--target", target);
        assertEquals(2, early.code(), "only an approval step can be approved: " + early.all());

        TestCli.Result approve = TestCli.run("approve", runId, "mr-merged", "--reason", "MR !482 merged and deployed",
                "--runs", runs.toString(), "--target", target);
        assertEquals(0, approve.code(), approve.all());
        assertEquals("1", db.one("SELECT count(*) FROM runbook.history WHERE run_id = '" + runId
                + "' AND item_key = 'approval/mr-merged' AND detail LIKE '%MR !482 merged and deployed'"));
        TestCli.Result twice = TestCli.run("approve", runId, "mr-merged", "--reason", "again", "--runs", runs.toString(),
                "--target", target);
        assertEquals(2, twice.code(), twice.all());
        assertTrue(twice.all().contains("approved already"), twice.all());

        Path resumed = dir.resolve("resumed");
        TestCli.Result resume = TestCli.run("resume", runId, "--runs", runs.toString(), "--target", target,
                "--out", resumed.toString());
        assertEquals(0, resume.code(), resume.all());
        assertEquals("true", db.one("SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_customer_fk'"));
        assertEquals("1", db.one("SELECT count(*) FROM pg_constraint WHERE conname = 'orders_customer_fk'"),
                "add-fk-not-valid was not applied again (it would have failed on the existing constraint)");

        JsonNode report = new ObjectMapper().readTree(Files.readString(resumed.resolve("report.json")));
        String approval = null;
        for (JsonNode it : report.path("items")) {
            if (it.path("key").asText().equals("step/mr-merged")) approval = it.toString();
        }
        assertTrue(approval != null && approval.contains("runbook approve") && approval.contains("MR !482"), report.toString());
    }
}
