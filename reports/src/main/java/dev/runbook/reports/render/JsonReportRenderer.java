package dev.runbook.reports.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.reports.events.MaskedJson;
import dev.runbook.reports.model.JsonMapping;
import dev.runbook.reports.model.RunReport;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes the machine-readable report: {@code report_version} 1 followed by the {@link RunReport} fields in
 * snake_case, as described by {@code dev/runbook/reports/report.schema.json}.
 */
public final class JsonReportRenderer implements Renderer {

    /** Raised only on incompatible changes; additive fields keep the version. */
    public static final int REPORT_VERSION = 1;

    /** Classpath location of the JSON Schema of the report. */
    public static final String SCHEMA_RESOURCE = "/dev/runbook/reports/report.schema.json";

    private final ObjectMapper mapper = JsonMapping.newMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private final MaskedJson fields = new MaskedJson(mapper, text -> text);

    @Override
    public void render(RunReport report, Writer out) throws IOException {
        // Written as it is serialized: a tree of a 500-item report first cost more than writing it.
        try (JsonGenerator g = mapper.writer().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("report_version", REPORT_VERSION);
            fields.writeFields(g, report);
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
