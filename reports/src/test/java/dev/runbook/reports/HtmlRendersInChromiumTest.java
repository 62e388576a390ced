package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.reports.model.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlRendersInChromiumTest {

    @BeforeEach
    void needsChromium() {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
                "chromium not installed: run reports/scripts/screenshot-report.sh or apt-get install chromium");
    }

    @Test
    void aRolledBackReportOpensInChromiumWithItsBannerNoScriptErrorsAndNoRequests(@TempDir Path dir)
            throws Exception {
        RenderedReports reports = RenderedReports.of(RunLogs.failedAssertionRolledBack(dir.resolve("run"),
                Mode.REHEARSAL));
        HeadlessChromium.Load load = HeadlessChromium.open(dir.resolve("run/report/report.html"),
                dir.resolve("chromium"));

        Document dom = Jsoup.parse(load.dom());
        assertEquals("ROLLED BACK", dom.selectFirst("#outcome .outcome").text(), "banner as the browser built it");
        assertEquals("REHEARSAL", dom.selectFirst("#modebar strong").text());
        assertTrue(dom.selectFirst("details#" + reports.page().selectFirst(".attention a").attr("href").substring(1))
                .hasAttr("open"), "the failed item is expanded in the browser too");
        for (String line : load.consoleLines()) {
            assertFalse(line.contains("Uncaught"), line);
            // A refused script or style means the Content-Security-Policy and the page disagree.
            assertFalse(line.contains("Refused to"), line);
        }
        assertFalse(load.stderr().contains("Uncaught"));
        assertEquals(List.of(), load.pageRequests().stream()
                .filter(url -> !url.startsWith("file:") && !url.startsWith("data:")).toList());
    }

    @Test
    void theNetworkCheckCatchesAPageThatLoadsSomething(@TempDir Path dir) throws Exception {
        // Guards the test above against passing because the net log lost track of page requests.
        Path page = dir.resolve("control.html");
        Files.writeString(page, "<!DOCTYPE html><p>control</p><img src=\"http://report-test.invalid/pixel.png\">"
                + "<script>notDefined()</script>");
        HeadlessChromium.Load load = HeadlessChromium.open(page, dir.resolve("chromium"));
        assertTrue(load.pageRequests().contains("http://report-test.invalid/pixel.png"), load.pageRequests()::toString);
        assertTrue(load.consoleLines().stream().anyMatch(line -> line.contains("Uncaught")), load.stderr());
    }
}
