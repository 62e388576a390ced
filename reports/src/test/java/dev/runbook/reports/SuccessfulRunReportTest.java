package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuccessfulRunReportTest {

    @TempDir
    static Path dir;
    static RenderedReports reports;

    @BeforeAll
    static void render() throws Exception {
        reports = RenderedReports.of(RunLogs.success(dir.resolve("run")));
    }

    @Test
    void writesTheFourReportFilesWithTheirFixedNames() {
        reports.assertFileNames();
    }

    @Test
    void htmlShowsAGreenSucceededBannerWithWhoWhereAndWhich() {
        Document page = reports.page();
        Element banner = page.selectFirst("#outcome");
        assertEquals("SUCCEEDED", banner.selectFirst(".outcome").text());
        assertTrue(banner.hasClass("o-ok"));
        String facts = page.selectFirst(".facts").text();
        for (String expected : new String[] {"CHG-4711", "production", "alice", "ops-bastion-1",
                "2026-11-22 10:45:01 UTC", "3.10 s", "orders-legacy-flag v3", "sha256:9f2c1e0b7a",
                "sha256:planhash42"}) {
            assertTrue(facts.contains(expected), () -> "facts lack " + expected + ": " + facts);
        }
        assertNull(page.selectFirst(".modebar"), "a normal run carries no REHEARSAL/PLAN marker");
    }

    @Test
    void htmlCollapsesSuccessfulItemsAndNumbersSqlLines() {
        Element backfill = reports.htmlItem("step/backfill");
        assertFalse(backfill.hasAttr("open"));
        assertEquals("ok", backfill.selectFirst("summary .st").text());
        assertEquals("2.30 s", backfill.selectFirst("summary .du").text());
        assertEquals(3, backfill.select("pre.sql > span").size(), "one numbered span per SQL line");
        assertEquals("1200 rows", backfill.selectFirst("summary .nt").text());
        Element check = reports.htmlItem("step/verify/check/1");
        assertEquals("step/verify", check.parent().closest("details.it").selectFirst("summary .ky").text());
    }

    @Test
    void jsonCarriesOutcomeCountsAndEveryAttempt() {
        assertEquals(1, reports.json().get("report_version").asInt());
        assertEquals("succeeded", reports.json().get("outcome").asText());
        assertEquals(0, reports.json().get("exit_code").asInt());
        assertTrue(reports.json().get("complete").asBoolean());
        assertEquals(6, reports.json().get("counts").get("ok").asInt());
        assertEquals(6, reports.json().get("counts").get("total").asInt());
        assertEquals("0", reports.jsonItem("step/verify/check/1").get("attempts").get(0).get("actual").asText());
        assertEquals("sent 1 message\n",
                reports.jsonItem("step/notify").get("attempts").get(0).get("output").get("text").asText());
        assertEquals("******", reports.json().get("run").get("params").get("db_password").asText());
    }

    @Test
    void markdownSummarisesOutcomeCountsTargetStateAndLinksTheOtherReports() {
        String md = reports.markdown();
        assertTrue(md.startsWith("### SUCCEEDED: `orders-legacy-flag v3`"), md);
        assertTrue(md.contains("- Ticket: CHG-4711\n"), "plain punctuation is not escaped: " + md);
        assertTrue(md.contains("- Counts: 4 steps: 4 ok; 1 check: 1 ok; 1 precondition: 1 ok\n"), md);
        assertTrue(md.contains("**Target state:** changed: orders.legacy\\_flag added and backfilled"), md);
        assertTrue(md.contains("| 5 | `Tell the on-call channel` | step (shell) | ok | 40 ms |  |\n"), md);
        assertTrue(md.contains("Full reports: [report.html](<report.html>) · [report.json](<report.json>)"
                + " · [report.junit.xml](<report.junit.xml>)\n"), "relative links: " + md);
        assertFalse(md.contains("Failed or interrupted"));
    }

    @Test
    void junitHasOnePassingTestcasePerItemWithTimesInSeconds() {
        assertEquals("6", reports.suiteAttribute("tests"));
        assertEquals("0", reports.suiteAttribute("failures"));
        assertEquals("0", reports.suiteAttribute("errors"));
        assertEquals("3.100", reports.suiteAttribute("time"));
        var backfill = reports.testcase("step/backfill");
        assertEquals("2.300", backfill.getAttribute("time"));
        assertEquals("orders-legacy-flag.step", backfill.getAttribute("classname"));
        assertNull(RenderedReports.child(backfill, "failure"));
    }
}
