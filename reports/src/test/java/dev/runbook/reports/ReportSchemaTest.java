package dev.runbook.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSchemaTest {

    @Test
    void theSchemaRejectsAReportWithoutOutcomeOrWithAnUnknownStatus(@TempDir Path dir) throws Exception {
        RenderedReports reports = RenderedReports.of(RunLogs.success(dir.resolve("run")));
        ObjectNode noOutcome = reports.json().deepCopy();
        noOutcome.remove("outcome");
        assertFalse(RenderedReports.schema().validate(noOutcome).isEmpty());
        ObjectNode badStatus = reports.json().deepCopy();
        ((ObjectNode) badStatus.get("items").get(0)).put("status", "fine");
        assertFalse(RenderedReports.schema().validate(badStatus).isEmpty());
        ObjectNode undocumented = reports.json().deepCopy();
        undocumented.put("surprise", true);
        assertFalse(RenderedReports.schema().validate(undocumented).isEmpty(),
                "every field the renderer writes must be documented in the schema");
    }
}
