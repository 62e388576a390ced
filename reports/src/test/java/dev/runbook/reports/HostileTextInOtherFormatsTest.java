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
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Mode;
import dev.runbook.reports.model.Outcome;
import dev.runbook.reports.model.Output;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileTextInOtherFormatsTest {

    @Test
    void shellOutputWithTerminalEscapesAndMarkupStillGivesValidJunitXmlAndSafeMarkdown(@TempDir Path dir)
            throws Exception {
        String output = "\u001b[31mFAILED\u001b[0m </system-out><script>alert(1)</script> \u0000 done";
        try (EventLogWriter log = RunLogs.open(dir)) {
            log.write(new RunStarted(RunLogs.header(Mode.RUN, RunLogs.params())));
            log.write(ItemStarted.of("step/sh", Kind.STEP, "Run *script* [x](javascript:alert(1))", "shell", null,
                    1, null, "./migrate.sh", 1));
            log.write(ItemFinished.failed("step/sh", 1, 9, "exit 1: <b>boom</b> `rm -rf`", null)
                    .withOutput(new Output(output, true)));
            log.write(new RunFinished(Outcome.FAILED, 1, 10, "changed: partly"));
        }
        RenderedReports reports = RenderedReports.of(new EventLogReader().read(dir), dir.resolve("report"));

        var systemOut = RenderedReports.child(reports.testcase("step/sh"), "system-out");
        assertTrue(systemOut.getTextContent().contains("\uFFFD[31mFAILED"), "escape codes become U+FFFD");
        assertTrue(systemOut.getTextContent().contains("</system-out><script>"), "markup stays text");
        assertEquals("exit 1: <b>boom</b> `rm -rf`",
                RenderedReports.child(reports.testcase("step/sh"), "failure").getAttribute("message"));

        String md = reports.markdown();
        // With the brackets escaped, "(javascript:...)" is plain text, not a link target.
        assertTrue(md.contains("Run \\*script\\* \\[x\\](javascript:alert(1))"), md);
        assertTrue(md.contains("| `Run *script* [x](javascript:alert(1))` |"), "in the step table the name is a code span: " + md);
        assertTrue(md.contains("exit 1: \\<b\\>boom\\</b\\> \\`rm -rf\\`"), md);
        assertFalse(md.contains("<b>"), md);
    }

    @Test
    void terminalControlCharactersAreShownEscapedInMarkdownAndHtml(@TempDir Path dir) throws Exception {
        String ticket = "OPS-1\u001b]0;owned\u0007\u001b[2J";
        try (EventLogWriter log = RunLogs.open(dir)) {
            log.write(new RunStarted(RunLogs.header(Mode.RUN, RunLogs.params())));
            log.write(ItemStarted.of("step/sh", Kind.STEP, "Title \u202eevil", "shell", null, 1, null, "./x.sh", 1));
            log.write(ItemFinished.failed("step/sh", 1, 9, "boom " + ticket, null)
                    .withOutput(new Output("\u001b[31mred\u001b[0m\rhidden", true)));
            log.write(new RunFinished(Outcome.FAILED, 1, 10, "changed: partly " + ticket));
        }
        RenderedReports reports = RenderedReports.of(new EventLogReader().read(dir), dir.resolve("report"));
        for (String text : List.of(reports.markdown(), reports.html())) {
            assertFalse(text.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e || c == '\r'),
                    "no raw control character");
        }
        assertTrue(reports.markdown().contains("\\x1b"), reports.markdown());
        assertTrue(reports.html().contains("\\x1b[31mred"), "shell output keeps its text, escape shown");
        assertTrue(reports.html().contains("\\u202eevil"), "a bidi override is shown, not applied");
    }
}
