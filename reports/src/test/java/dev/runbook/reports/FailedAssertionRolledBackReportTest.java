package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.reports.model.Mode;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedAssertionRolledBackReportTest {

    @TempDir
    static Path dir;
    static RenderedReports reports;

    @BeforeAll
    static void render() throws Exception {
        reports = RenderedReports.of(RunLogs.failedAssertionRolledBack(dir.resolve("run"), Mode.RUN));
    }

    @Test
    void htmlShowsAnAmberRolledBackBannerAndTheTargetState() {
        Element banner = reports.page().selectFirst("#outcome");
        assertEquals("ROLLED BACK", banner.selectFirst(".outcome").text());
        assertTrue(banner.hasClass("o-rb"));
        assertEquals("unchanged: every applied step was rolled back", banner.selectFirst(".tstate").text());
    }

    @Test
    void htmlOpensTheFailedCheckWithExpectedNextToActualAndItsEvidence() {
        Element verify = reports.htmlItem("step/verify");
        assertTrue(verify.hasAttr("open"), "a step whose check failed is expanded");
        Element check = reports.htmlItem("step/verify/check/1");
        assertTrue(check.hasAttr("open"));
        assertEquals("failed", check.selectFirst("summary .st").text());
        Element ea = check.selectFirst(".ea");
        assertEquals("count == 0", ea.child(0).selectFirst("pre").text());
        assertEquals("3", ea.child(1).selectFirst("pre").text());
        assertTrue(ea.child(1).hasClass("bad"));
        List<String> headers = check.select(".ev th").eachText();
        assertEquals(List.of("id", "created_at"), headers);
        assertEquals(List.of("1003", "NULL"), check.select(".ev tbody tr").get(2).select("td").eachText());
        assertTrue(check.select(".ev tbody tr").get(2).child(1).hasClass("nl"), "SQL NULL is marked as such");
        assertEquals("3 of 3 rows shown", check.selectFirst(".tw .mt").text());
        assertFalse(reports.htmlItem("step/backfill").hasAttr("open"), "successful steps stay collapsed");
    }

    @Test
    void htmlListsTheRollbackAndWhichStepsItCompensated() {
        Document page = reports.page();
        Element rollback = page.selectFirst("#rollback");
        assertEquals("Rollback: ok", rollback.selectFirst("h2").text());
        assertEquals(List.of("rollback/backfill step/backfill ok", "rollback/add-column step/add-column ok"),
                rollback.select("table tbody tr").eachText());
        assertEquals(2, rollback.select("details.it.s-ok").size());
        assertEquals("1197 rows · rolled back", reports.htmlItem("step/backfill").selectFirst("summary .nt").text());
        assertNull(page.selectFirst(".manual"), "no manual action when the rollback worked");
        assertEquals("skipped", reports.htmlItem("step/notify").selectFirst("summary .st").text());
        assertEquals("not run: an earlier step failed", reports.htmlItem("step/notify").selectFirst(".rs").text());
    }

    @Test
    void jsonKeepsTheFailedAttemptTheSkipReasonAndTheRollbackPhase() {
        JsonNode check = reports.jsonItem("step/verify/check/1");
        assertEquals("failed", check.get("status").asText());
        JsonNode attempt = check.get("attempts").get(0);
        assertEquals("count == 0", attempt.get("expected").asText());
        assertEquals("3", attempt.get("actual").asText());
        assertTrue(attempt.get("evidence").get("rows").get(2).get(1).isNull());
        assertEquals("not run: an earlier step failed", reports.jsonItem("step/notify").get("reason").asText());
        JsonNode rollback = reports.json().get("rollback");
        assertEquals("ok", rollback.get("status").asText());
        assertEquals(2, rollback.get("keys").size());
        assertEquals(0, rollback.get("remaining").size());
        assertEquals("rolled_back", reports.json().get("outcome").asText());
        assertEquals(2, reports.json().get("exit_code").asInt());
        JsonNode counts = reports.json().get("counts");
        assertEquals(5, counts.get("ok").asInt());
        assertEquals(2, counts.get("failed").asInt());
        assertEquals(1, counts.get("skipped").asInt());
    }

    @Test
    void markdownNamesTheFailedCheckWithExpectedAndActual() {
        String md = reports.markdown();
        assertTrue(md.startsWith("### ROLLED BACK: `orders-legacy-flag v3`"), md);
        assertTrue(md.contains("- failed `step/verify/check/1` no unflagged old orders: 3 old orders are still not"
                + " flagged (expected `count == 0`, actual `3`)"), md);
        assertTrue(md.contains("**Rollback:** ok (step/verify failed)"), md);
        assertTrue(md.contains("- Counts: 4 steps: 2 ok, 1 failed, 1 skipped; 1 check: 1 failed; 2 rollbacks: 2 ok;"
                + " 1 precondition: 1 ok\n"), md);
        assertFalse(md.contains("- failed `step/verify` "), "the failed check tells why its step failed, once: " + md);
        assertTrue(md.contains("| 4 | `Verify backfill` | step (assert) | failed | 16 ms | check 1 of 1 failed |\n"), md);
        assertTrue(md.contains("| 6 | `Undo backfill` | rollback (sql) | ok | 900 ms |  |\n"), md);
    }

    @Test
    void junitFailsTheCheckAndTheStepAndSkipsTheStepAfterTheAbort() {
        assertEquals("8", reports.suiteAttribute("tests"));
        assertEquals("2", reports.suiteAttribute("failures"));
        assertEquals("1", reports.suiteAttribute("skipped"));
        var failure = RenderedReports.child(reports.testcase("step/verify/check/1"), "failure");
        assertNotNull(failure);
        assertEquals("3 old orders are still not flagged", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("expected: count == 0"));
        assertTrue(failure.getTextContent().contains("actual:   3"));
        var skipped = RenderedReports.child(reports.testcase("step/notify"), "skipped");
        assertEquals("not run: an earlier step failed", skipped.getAttribute("message"));
        assertNull(RenderedReports.child(reports.testcase("rollback/backfill"), "failure"));
        assertEquals("orders-legacy-flag.rollback", reports.testcase("rollback/backfill").getAttribute("classname"));
    }
}
