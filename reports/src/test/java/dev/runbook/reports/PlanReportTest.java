package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanReportTest {

    @TempDir
    static Path dir;
    static RenderedReports reports;

    @BeforeAll
    static void render() throws Exception {
        reports = RenderedReports.of(PlanReports.sample(), dir);
    }

    @Test
    void htmlCarriesAHugeDryRunMarkerAndSaysNothingWasExecuted() {
        Element bar = reports.page().selectFirst("#modebar");
        assertEquals("DRY RUN / PLAN", bar.selectFirst("strong").text());
        assertEquals("DRY RUN / PLAN", reports.page().body().attr("data-mark"));
        assertEquals("PLAN: NOTHING EXECUTED", reports.page().selectFirst("#outcome .outcome").text());
        assertTrue(reports.page().selectFirst(".warnings").text().contains("change-window"));
    }

    @Test
    void htmlShowsWhatWouldRunWithItsSqlAndRollbackAndWhatWouldBeSkippedAndWhy() {
        Element add = reports.htmlItem("step/add-column");
        assertEquals("would run", add.selectFirst("summary .st").text());
        assertTrue(add.hasAttr("open"), "a small plan is shown expanded for review");
        assertEquals(2, add.select("pre.sql").get(0).select("span").size());
        assertEquals("ALTER TABLE orders DROP COLUMN legacy_flag;", add.select("pre.sql").get(1).text());
        Element seed = reports.htmlItem("step/seed");
        assertEquals("would skip", seed.selectFirst("summary .st").text());
        assertEquals("once: already applied on 2026-10-01", seed.selectFirst(".rs").text());
        assertEquals("step/verify", reports.htmlItem("step/verify/check/1").parent().closest("details.it")
                .selectFirst("summary .ky").text());
        assertNull(add.selectFirst("summary .du"), "a plan has no durations");
    }

    @Test
    void jsonMarksThePlanModeOutcomeAndStatuses() {
        assertEquals("plan", reports.json().get("run").get("mode").asText());
        assertEquals("planned", reports.json().get("outcome").asText());
        assertTrue(reports.json().get("exit_code").isNull());
        assertEquals(4, reports.json().get("counts").get("would_run").asInt());
        assertEquals(1, reports.json().get("counts").get("would_skip").asInt());
        assertEquals("ALTER TABLE orders DROP COLUMN legacy_flag;",
                reports.jsonItem("step/add-column").get("rollback_text").asText());
    }

    @Test
    void markdownAndJunitSayItIsAPlan() {
        assertTrue(reports.markdown().contains("**DRY RUN / PLAN**: nothing was executed."), reports.markdown());
        // Five planned items and the plan's one policy, which JUnit reports as a test case of its own.
        assertEquals("6", reports.suiteAttribute("tests"));
        assertEquals("1", reports.suiteAttribute("skipped"));
        assertEquals("once: already applied on 2026-10-01",
                RenderedReports.child(reports.testcase("step/seed"), "skipped").getAttribute("message"));
    }
}
