package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackFailedReportTest {

    @TempDir
    static Path dir;
    static RenderedReports reports;

    @BeforeAll
    static void render() throws Exception {
        reports = RenderedReports.of(RunLogs.rollbackFailed(dir.resolve("run")));
    }

    @Test
    void htmlShowsTheManualActionLoudlyAboveTheTimeline() {
        Element manual = reports.page().selectFirst(".manual");
        assertEquals("Manual action required", manual.selectFirst("h2").text());
        assertEquals(RunLogs.MANUAL_ACTION, manual.selectFirst("pre").wholeText());
        assertTrue(manual.siblingIndex() < reports.page().selectFirst("#timeline").siblingIndex());
        Element banner = reports.page().selectFirst("#outcome");
        assertEquals("ROLLBACK FAILED", banner.selectFirst(".outcome").text());
        assertTrue(banner.hasClass("o-bad"));
    }

    @Test
    void htmlRollbackSectionNamesWhatWasNotCompensatedAndTheDatabaseErrors() {
        Element rollback = reports.page().selectFirst("#rollback");
        assertEquals("Rollback: failed", rollback.selectFirst("h2").text());
        assertEquals("Not compensated: rollback/add-column", rollback.selectFirst("p.bad").text());
        Element undo = reports.htmlItem("rollback/add-column");
        assertTrue(undo.hasAttr("open"));
        assertEquals("Error (SQLSTATE 55P03)", undo.selectFirst(".er h5").text());
        Element backfill = reports.htmlItem("step/backfill");
        assertEquals("Error (SQLSTATE 23505) at line 1, column 8", backfill.selectFirst(".er h5").text());
    }

    @Test
    void jsonAndJunitCarryTheManualActionAndTheRemainingRollback() {
        assertEquals("rollback_failed", reports.json().get("outcome").asText());
        assertEquals(4, reports.json().get("exit_code").asInt());
        assertEquals(RunLogs.MANUAL_ACTION, reports.json().get("rollback").get("manual_action").asText());
        assertEquals("rollback/add-column", reports.json().get("rollback").get("remaining").get(0).asText());
        var failure = RenderedReports.child(reports.testcase("rollback/add-column"), "failure");
        assertEquals("lock timeout", failure.getAttribute("message"));
        assertEquals("SQLSTATE 55P03", failure.getAttribute("type"));
        assertEquals("2", reports.suiteAttribute("failures"));
    }

    @Test
    void markdownPutsTheManualActionInTheTicket() {
        String md = reports.markdown();
        assertTrue(md.contains("**Rollback:** failed (step/backfill failed)"), md);
        assertTrue(md.contains("- Not compensated: `rollback/add-column`"), md);
        assertTrue(md.contains("**MANUAL ACTION REQUIRED:**\n> Drop the column by hand: ALTER TABLE orders DROP"
                + " COLUMN legacy\\_flag;\n> then re\\-run the runbook with \\-\\-resume\\.\n"), md);
    }
}
