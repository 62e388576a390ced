package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.events.EventLogWriter;
import dev.runbook.reports.events.ItemFinished;
import dev.runbook.reports.events.ItemStarted;
import dev.runbook.reports.events.RunFinished;
import dev.runbook.reports.events.RunStarted;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.Output;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlSelfContainedTest {

    private static final Pattern CSS_REFERENCE = Pattern.compile("@import|url\\s*\\(", Pattern.CASE_INSENSITIVE);

    @Test
    void theHtmlReportLoadsNothingFromOutsideTheFile(@TempDir Path dir) throws Exception {
        RenderedReports reports = RenderedReports.of(RunLogs.rollbackFailed(dir.resolve("run")));
        Document page = reports.page();
        List<String> external = new ArrayList<>();
        for (Element element : page.select("[src], [href], [action], [srcset], [poster], [data]")) {
            for (String attribute : List.of("src", "href", "action", "srcset", "poster", "data")) {
                String value = element.attr(attribute).strip().toLowerCase();
                if (element.hasAttr(attribute) && !value.startsWith("#") && !value.startsWith("data:")) {
                    external.add(element.outerHtml());
                }
            }
        }
        assertEquals(List.of(), external, "references that are neither #anchors nor data: URIs");
        for (Element style : page.select("style")) {
            assertTrue(!CSS_REFERENCE.matcher(style.data()).find(), "the inline CSS loads a resource");
        }
        for (Element styled : page.select("[style]")) {
            assertTrue(!CSS_REFERENCE.matcher(styled.attr("style")).find(), styled.outerHtml());
        }
        String markup = reports.html().toLowerCase();
        for (String scheme : List.of("src=\"http", "src=\"//", "href=\"http", "href=\"//", "url(http", "url(//",
                "@import")) {
            assertTrue(!markup.contains(scheme), "found " + scheme);
        }
        assertEquals(1, page.select("script").size());
        assertTrue(page.selectFirst("script").attr("src").isEmpty(), "the one script is inline");
        assertTrue(page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content")
                .startsWith("default-src 'none'"), "the page forbids loading anything by policy too");
    }

    @Test
    void aUrlInAnHttpStepIsShownAsTextAndNeverBecomesALink(@TempDir Path dir) throws Exception {
        String request = "GET https://flags.internal.example/api/v1/orders?cutoff=2020-01-01";
        try (EventLogWriter log = RunLogs.open(dir)) {
            log.write(new RunStarted(RunLogs.header(Mode.RUN, RunLogs.params())));
            log.write(ItemStarted.of("step/flags", Kind.STEP, "Ask the flag service", "http", null, 1, null,
                    request, 1));
            log.write(ItemFinished.ok("step/flags", 1, 30)
                    .withOutput(new Output("{\"see\": \"http://docs.example/flags\"}", false)));
            log.write(new RunFinished(Outcome.SUCCEEDED, 0, 40, "unchanged: read-only"));
        }
        Document page = RenderedReports.of(new EventLogReader().read(dir), dir.resolve("report")).page();
        assertEquals(request, page.selectFirst("pre.sql span").text());
        assertEquals("{\"see\": \"http://docs.example/flags\"}", page.selectFirst("pre.out").text());
        assertTrue(page.select("[src], [href^=http], [href^=//]").isEmpty());
    }
}
