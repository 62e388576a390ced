package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreconditionFailedReportTest {

    @TempDir
    static Path dir;
    static RenderedReports reports;

    @BeforeAll
    static void render() throws Exception {
        reports = RenderedReports.of(RunLogs.preconditionFailed(dir.resolve("run")));
    }

    @Test
    void htmlSaysPreconditionFailedInRedAndThatNothingChanged() {
        Element banner = reports.page().selectFirst("#outcome");
        assertEquals("PRECONDITION FAILED", banner.selectFirst(".outcome").text());
        assertTrue(banner.hasClass("o-bad"));
        assertEquals("unchanged: a precondition failed before any step ran", banner.selectFirst(".tstate").text());
        Element precondition = reports.htmlItem("precondition/2");
        assertTrue(precondition.hasAttr("open"));
        assertEquals("row_count < 1000000", precondition.selectFirst(".ea > div:first-child pre").text());
        assertEquals("2400000", precondition.selectFirst(".ea > div.bad pre").text());
        assertEquals("not run: a precondition failed", reports.htmlItem("step/add-column").selectFirst(".rs").text());
        assertNull(reports.page().selectFirst("#rollback"), "no rollback section when nothing ran");
    }

    @Test
    void jsonAndJunitAgreeOnOneFailureAndTwoSkippedSteps() {
        assertEquals("precondition_failed", reports.json().get("outcome").asText());
        assertEquals(3, reports.json().get("exit_code").asInt());
        assertTrue(reports.json().get("rollback").isNull());
        assertEquals(1, reports.json().get("counts").get("failed").asInt());
        assertEquals(2, reports.json().get("counts").get("skipped").asInt());
        assertEquals("1", reports.suiteAttribute("failures"));
        assertEquals("2", reports.suiteAttribute("skipped"));
        var failure = RenderedReports.child(reports.testcase("precondition/2"), "failure");
        assertEquals("orders has 2400000 rows, limit is 1000000", failure.getAttribute("message"));
    }

    @Test
    void markdownTellsTheTicketNothingChanged() {
        String md = reports.markdown();
        assertTrue(md.startsWith("### PRECONDITION FAILED"), md);
        assertTrue(md.contains("**Target state:** unchanged: a precondition failed before any step ran"), md);
        assertTrue(md.contains("(expected `row_count < 1000000`, actual `2400000`)"), md);
    }
}
