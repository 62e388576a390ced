package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.events.EventLogWriter;
import dev.runbook.reports.events.ItemFinished;
import dev.runbook.reports.events.ItemStarted;
import dev.runbook.reports.events.RunFinished;
import dev.runbook.reports.events.RunStarted;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.render.HtmlReportRenderer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlEscapingTest {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";

    @Test
    void hostileValuesFromTheDatabaseAndParamsAppearOnlyEscaped(@TempDir Path dir) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("note", SCRIPT + IMG);
        try (EventLogWriter log = RunLogs.open(dir)) {
            log.write(new RunStarted(RunLogs.header(Mode.RUN, params)));
            log.write(ItemStarted.of("step/evil", Kind.STEP, "Evil " + IMG, "sql", "shop", 1, null,
                    "SELECT '" + SCRIPT + "'", 1));
            log.write(ItemFinished.failed("step/evil", 1, 5, "reason " + SCRIPT, ErrorInfo.of("error " + IMG + SCRIPT))
                    .withExpectation("expected " + SCRIPT, "actual " + IMG)
                    .withEvidence(new Evidence(List.of("col " + SCRIPT),
                            List.of(List.of(SCRIPT, IMG)), 1, false)));
            log.write(new RunFinished(Outcome.FAILED, 1, 10, "state " + IMG));
        }
        RunReport report = new EventLogReader().read(dir);
        StringWriter out = new StringWriter();
        new HtmlReportRenderer().render(report, out);
        String html = out.toString();

        assertFalse(html.contains(SCRIPT), "raw <script> payload reached the page");
        assertFalse(html.contains("<img"), "raw <img> payload reached the page");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"));

        Document page = Jsoup.parse(html);
        assertEquals(1, page.select("script").size(), "only the report's own script");
        assertTrue(page.select("img").isEmpty());
        assertTrue(page.select("[onerror]").isEmpty());
        // The payloads survive as text a person can read, in every place they were planted.
        assertEquals(List.of(SCRIPT, IMG), page.select(".ev tbody td").eachText());
        assertEquals("col " + SCRIPT, page.selectFirst(".ev th").text());
        assertEquals("error " + IMG + SCRIPT, page.selectFirst(".er pre").text());
        assertEquals(SCRIPT + IMG, page.select("#details td code").first().text());
        assertEquals("actual " + IMG, page.selectFirst(".ea .bad pre").text());
    }
}
