package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.render.JsonReportRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** All four report files of one run, read back the way their readers would read them. */
record RenderedReports(RunReport report, List<Path> paths, String html, JsonNode json, String markdown,
                       Document junit) {

    /** Reads the run folder's event log and writes every format into {@code runDir/report}. */
    static RenderedReports of(Path runDir) throws Exception {
        return of(new EventLogReader().read(runDir), runDir.resolve("report"));
    }

    /** Writes every format of {@code report} into {@code dir}; the JSON must validate against the schema. */
    static RenderedReports of(RunReport report, Path dir) throws Exception {
        List<Path> paths = new ReportWriter().writeAll(report, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        Set<ValidationMessage> problems = schema().validate(json);
        assertTrue(problems.isEmpty(), () -> "report.json does not match report.schema.json: " + problems);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document junit = factory.newDocumentBuilder().parse(dir.resolve("report.junit.xml").toFile());
        return new RenderedReports(report, paths, read(dir.resolve("report.html")), json,
                read(dir.resolve("report.md")), junit);
    }

    static JsonSchema schema() throws IOException {
        try (InputStream in = JsonReportRenderer.class.getResourceAsStream(JsonReportRenderer.SCHEMA_RESOURCE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    /** The JUnit testcase whose name starts with {@code key}. */
    Element testcase(String key) {
        NodeList cases = junit.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            if (testcase.getAttribute("name").equals(key) || testcase.getAttribute("name").startsWith(key + " ")) {
                return testcase;
            }
        }
        throw new AssertionError("no testcase for " + key);
    }

    /** The only child element named {@code tag} of a testcase, or null. */
    static Element child(Element testcase, String tag) {
        NodeList nodes = testcase.getElementsByTagName(tag);
        assertTrue(nodes.getLength() <= 1, "more than one <" + tag + ">");
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    /** The HTML report parsed as a browser would. */
    org.jsoup.nodes.Document page() {
        return org.jsoup.Jsoup.parse(html);
    }

    /** The HTML item (a details element) whose key is {@code key}. */
    org.jsoup.nodes.Element htmlItem(String key) {
        for (org.jsoup.nodes.Element details : page().select("details.it")) {
            if (details.selectFirst("> summary .ky").text().equals(key)) {
                return details;
            }
        }
        throw new AssertionError("no HTML item " + key);
    }

    String suiteAttribute(String name) {
        return junit.getDocumentElement().getAttribute(name);
    }

    /** The JSON item (searched depth-first) with this key. */
    JsonNode jsonItem(String key) {
        List<JsonNode> stack = new ArrayList<>();
        json.get("items").forEach(stack::add);
        while (!stack.isEmpty()) {
            JsonNode item = stack.remove(0);
            if (item.get("key").asText().equals(key)) {
                return item;
            }
            item.get("children").forEach(stack::add);
        }
        throw new AssertionError("no JSON item " + key);
    }

    void assertFileNames() {
        assertEquals(List.of("report.html", "report.json", "report.md", "report.junit.xml"),
                paths.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
