package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One run with a failed check, skipped steps and rollbacks: the terminal, report.json, report.md, the HTML
 * header, the JUnit XML and the summary for CI all give the same counts, per kind.
 */
class CountsAgreeTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    static final String SENTENCE = "5 steps: 2 ok, 1 failed, 2 skipped; 2 checks: 1 ok, 1 failed; 2 rollbacks: 2 ok;"
            + " 2 preconditions: 2 ok";

    @Test
    void everyOutputCountsTheSameRun(@TempDir Path dir) throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: counts-demo
                ticket: OPS-42
                targets:
                  db: { engine: postgresql }
                preconditions:
                  - { name: answers, sql: SELECT 1, expect: result == 1 }
                  - { name: home set, env: [HOME] }
                steps:
                  - id: create
                    sql: CREATE TABLE t (a int)
                    rollback: { sql: DROP TABLE t }
                  - id: fill
                    sql: INSERT INTO t VALUES (1), (2)
                    rollback: { sql: "DELETE FROM t WHERE a IN (1, 2)" }
                  - id: never
                    when: "1 == 2"
                    mutating: false
                    sql: SELECT 1
                  - id: checks
                    assert:
                      - { name: two rows, sql: SELECT count(*) FROM t, expect: result == 2 }
                      - { name: three rows, sql: SELECT count(*) FROM t, expect: result == 3 }
                    on_failure: rollback
                  - id: after
                    mutating: false
                    sql: SELECT 1
                """);
        Path runDir = dir.resolve("run");
        TestCli.Result r = TestCli.run("run", rb.toString(), "--target",
                "db=postgresql://postgres@localhost:" + db.port() + "/" + db.name(), "--out", runDir.toString());
        assertEquals(1, r.code(), r.all());

        // The data: the rollbacks really ran.
        assertEquals(List.of(), db.column("SELECT table_name FROM information_schema.tables WHERE table_name = 't'"));

        // Terminal: steps numbered among the 5 steps, preconditions and rollbacks apart; the verdict in words.
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.stream().filter(l -> l.matches("\\[[1-5]/5\\] .*")).count(), r.out());
        assertEquals(2, lines.stream().filter(l -> l.matches("\\[precondition [12]/2\\] .*")).count(), r.out());
        assertEquals(2, lines.stream().filter(l -> l.startsWith("[rollback] rollback ")).count(), r.out());
        assertTrue(r.out().contains("failed, rolled back (exit 1): step checks failed"), r.out());
        assertTrue(lines.contains("counts: " + SENTENCE), r.out());

        // report.json: the per-kind tallies the sentence is made of.
        JsonNode counts = new ObjectMapper().readTree(runDir.resolve("report.json").toFile()).get("counts");
        assertEquals(Map.of("total", 5, "ok", 2, "failed", 1, "skipped", 2), pick(counts.get("steps")));
        assertEquals(Map.of("total", 2, "ok", 1, "failed", 1, "skipped", 0), pick(counts.get("checks")));
        assertEquals(Map.of("total", 2, "ok", 2, "failed", 0, "skipped", 0), pick(counts.get("rollbacks")));
        assertEquals(Map.of("total", 2, "ok", 2, "failed", 0, "skipped", 0), pick(counts.get("preconditions")));
        assertEquals(11, counts.get("total").asInt());

        // report.md and the HTML header say the same sentence.
        String md = Files.readString(runDir.resolve("report.md"));
        assertTrue(md.contains("- Counts: " + SENTENCE + "\n"), md);
        assertEquals(List.of("- failed `step/checks/check/2` three rows: expected result == 3, got result = 2 (expected"
                + " `result == 3`, actual `result = 2`)"), md.lines().filter(l -> l.startsWith("- failed ")).toList(),
                "the failed check is listed once, not again as its step: " + md);
        String chips = Jsoup.parse(runDir.resolve("report.html").toFile()).select(".counts .chip").text();
        assertEquals("5 steps: 2 ok, 1 failed, 2 skipped 2 checks: 1 ok, 1 failed 2 rollbacks: 2 ok 2 preconditions: 2 ok",
                chips);

        // JUnit: one test case per item, classnamed by kind, the suite's numbers the reports' numbers.
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(runDir.resolve("report.junit.xml").toFile());
        Element suite = junit.getDocumentElement();
        assertEquals("11", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("2", suite.getAttribute("skipped"));
        Map<String, Integer> byKind = new TreeMap<>();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            String cls = ((Element) cases.item(i)).getAttribute("classname");
            byKind.merge(cls.substring(cls.lastIndexOf('.') + 1), 1, Integer::sum);
        }
        assertEquals(Map.of("step", 5, "check", 2, "rollback", 2, "precondition", 2), byKind);

        // The CI summary.
        TestCli.Result summary = TestCli.run("report", runDir.toString(), "--summary");
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().startsWith("**ROLLED BACK** · `counts-demo` · ticket OPS-42 · exit 1\n\n" + SENTENCE + "\n"),
                summary.out());
        assertTrue(summary.out().contains("- failed `step/checks/check/2`: expected result == 3, got result = 2"),
                summary.out());
    }

    @Test
    void aPlanTheRunWouldRefuseFailsInJunit(@TempDir Path dir) throws Exception {
        TestCli.Result r = TestCli.run("plan", "../runbooks/staging-migrations-001-008/runbook.yaml", "--env", "staging",
                "-p", "ticket=OPS-42", "--embedded", "--report", "junit", "--report-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("report.junit.xml").toFile()).getDocumentElement();
        // The approval step the plan runs meets require_approvals; the destructive reason and the window are unmet.
        assertEquals("2", suite.getAttribute("failures"), "two unmet policies: destructive reason, maintenance window");
        NodeList failures = suite.getElementsByTagName("failure");
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            assertEquals("policy", f.getAttribute("type"));
            assertTrue(f.getAttribute("message").startsWith("the run would be refused: "), f.getAttribute("message"));
        }
        TestCli.Result approved = TestCli.run("plan", "../runbooks/staging-migrations-001-008/runbook.yaml", "--env",
                "staging", "-p", "ticket=OPS-42", "--embedded", "--approve", "freeze-confirmed", "--maintenance-window",
                "--reason", "OPS-42: in the window", "--report", "junit", "--report-dir", dir.resolve("ok").toString());
        assertEquals(0, approved.code(), approved.err());
        Element ok = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("ok/report.junit.xml").toFile()).getDocumentElement();
        assertEquals("0", ok.getAttribute("failures"));
    }

    private static Map<String, Integer> pick(JsonNode tally) {
        return Map.of("total", tally.get("total").asInt(), "ok", tally.get("ok").asInt(), "failed",
                tally.get("failed").asInt(), "skipped", tally.get("skipped").asInt());
    }
}
