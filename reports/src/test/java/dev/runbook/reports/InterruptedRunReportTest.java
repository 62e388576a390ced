package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptedRunReportTest {

    @TempDir
    static Path dir;
    static RenderedReports reports;

    @BeforeAll
    static void render() throws Exception {
        reports = RenderedReports.of(RunLogs.interrupted(dir.resolve("run")));
    }

    @Test
    void aLogWithoutRunFinishedIsInterruptedAtItsLastCompleteEvent() {
        JsonNode json = reports.json();
        assertEquals("interrupted", json.get("outcome").asText());
        assertFalse(json.get("complete").asBoolean());
        assertTrue(json.get("exit_code").isNull());
        assertEquals(6, json.get("last_seq").asInt(), "the torn 7th line is skipped");
        assertEquals("2026-11-22T10:45:02.250Z", json.get("finished_at").asText());
        assertEquals(1250, json.get("duration_ms").asInt());
        String state = json.get("target_state").asText();
        assertTrue(state.startsWith("interrupted: the run stopped after event #6"), state);
        assertTrue(state.contains("the target may be partially changed"), state);
        assertTrue(state.contains("in progress: step/backfill"), state);
        assertTrue(json.get("warnings").get(0).asText().contains("line 7"), json.get("warnings").toString());
    }

    @Test
    void theItemThatNeverFinishedIsShownInterrupted() {
        JsonNode backfill = reports.jsonItem("step/backfill");
        assertEquals("interrupted", backfill.get("status").asText());
        assertTrue(backfill.get("attempts").get(0).get("finished_at").isNull());
        assertEquals("ok", reports.jsonItem("step/add-column").get("status").asText());
        assertEquals(1, reports.json().get("counts").get("interrupted").asInt());
    }

    @Test
    void htmlBannerIsGreyAndTheWarningIsShownFirst() {
        Element banner = reports.page().selectFirst("#outcome");
        assertEquals("INTERRUPTED", banner.selectFirst(".outcome").text());
        assertTrue(banner.hasClass("o-int"));
        assertTrue(reports.page().selectFirst(".warnings").text().contains("was incomplete"));
        Element backfill = reports.htmlItem("step/backfill");
        assertTrue(backfill.hasAttr("open"));
        assertEquals("interrupted", backfill.selectFirst("summary .st").text());
        assertEquals("unfinished", backfill.selectFirst("summary .du").text(), "its start was the last event");
        assertTrue(reports.page().selectFirst(".facts").text().contains("none (no run.finished)"));
    }

    @Test
    void junitReportsTheInterruptedItemAsAnError() {
        assertEquals("1", reports.suiteAttribute("errors"));
        var error = RenderedReports.child(reports.testcase("step/backfill"), "error");
        assertEquals("interrupted", error.getAttribute("type"));
    }

    @Test
    void markdownSaysInterruptedAndMayBePartiallyChanged() {
        String md = reports.markdown();
        assertTrue(md.startsWith("### INTERRUPTED"), md);
        assertTrue(md.contains("exit code none (interrupted)"), md);
        assertTrue(md.contains("the target may be partially changed"), md);
        assertTrue(md.contains("- interrupted `step/backfill` Step backfill"), md);
    }
}
