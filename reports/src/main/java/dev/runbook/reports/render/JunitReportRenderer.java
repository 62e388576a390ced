package dev.runbook.reports.render;

import dev.runbook.reports.model.Attempt;
import dev.runbook.reports.model.Counts;
import dev.runbook.reports.model.Policy;
import dev.runbook.reports.model.ReportItem;
import dev.runbook.reports.model.RunHeader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.model.Status;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes JUnit XML for CI dashboards: one {@code <testsuite>} per run and one {@code <testcase>} per
 * precondition, step, check and rollback; failed items fail, skipped ones skip, interrupted ones error.
 */
public final class JunitReportRenderer implements Renderer {

    private final XMLOutputFactory factory = XMLOutputFactory.newFactory();

    @Override
    public void render(RunReport report, Writer out) throws IOException {
        List<ReportItem> items = report.flattened();
        Counts counts = report.counts();
        // A plan's policies are test cases too: CI must see a plan the run would refuse as failing.
        List<Policy> policies = report.planOnly() ? report.run().policies() : List.of();
        int unmet = (int) policies.stream().filter(p -> !p.satisfied()).count();
        int failures = counts.failed() + unmet;
        int errors = counts.interrupted();
        int skipped = counts.skipped() + counts.notRehearsed() + counts.wouldSkip();
        try {
            XMLStreamWriter xml = factory.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            RunHeader run = report.run();
            String runbookId = run.runbook() == null || run.runbook().id() == null ? "runbook" : run.runbook().id();
            attr(xml, "name", runbookId + " " + run.id());
            xml.writeAttribute("tests", Integer.toString(counts.total() + policies.size()));
            xml.writeAttribute("failures", Integer.toString(failures));
            xml.writeAttribute("errors", Integer.toString(errors));
            xml.writeAttribute("skipped", Integer.toString(skipped));
            xml.writeAttribute("time", Formats.seconds(report.durationMs()));
            if (report.startedAt() != null) {
                // JUnit's timestamp has no zone; the value is UTC like every time in the reports.
                xml.writeAttribute("timestamp", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        report.startedAt().truncatedTo(ChronoUnit.SECONDS).atOffset(java.time.ZoneOffset.UTC)));
            }
            attr(xml, "hostname", run.host());
            xml.writeCharacters("\n");
            properties(xml, report);
            for (Policy policy : policies) {
                policyCase(xml, runbookId, policy);
            }
            for (ReportItem item : items) {
                testcase(xml, runbookId, item);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML", e);
        }
        out.flush();
    }

    private static void properties(XMLStreamWriter xml, RunReport report) throws XMLStreamException {
        RunHeader run = report.run();
        xml.writeStartElement("properties");
        property(xml, "run.id", run.id());
        property(xml, "mode", run.mode().wire());
        property(xml, "outcome", report.outcome().wire());
        property(xml, "exit_code", report.exitCode() == null ? null : report.exitCode().toString());
        property(xml, "target_state", report.targetState());
        property(xml, "ticket", run.ticket());
        property(xml, "environment", run.environment());
        property(xml, "operator", run.operator());
        property(xml, "runbook.checksum", run.runbook() == null ? null : run.runbook().checksum());
        property(xml, "plan_hash", run.planHash());
        property(xml, "counts", report.counts().summary());
        if (report.rollback() != null) {
            property(xml, "rollback.status", report.rollback().status().wire());
            property(xml, "rollback.manual_action", report.rollback().manualAction());
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void testcase(XMLStreamWriter xml, String runbookId, ReportItem item) throws XMLStreamException {
        xml.writeStartElement("testcase");
        attr(xml, "classname", runbookId + "." + item.kind().wire());
        attr(xml, "name", item.name() == null || item.name().equals(item.key())
                ? item.key() : item.key() + " " + item.name());
        xml.writeAttribute("time", Formats.seconds(item.durationMs()));
        Attempt last = item.lastAttempt();
        String message = item.reason() != null ? item.reason() : Formats.statusLabel(item.status().wire());
        if (item.status() == Status.FAILED) {
            xml.writeStartElement("failure");
            attr(xml, "message", message);
            attr(xml, "type", last != null && last.error() != null && last.error().sqlState() != null
                    ? "SQLSTATE " + last.error().sqlState() : "failed");
            text(xml, detail(last));
            xml.writeEndElement();
        } else if (item.status() == Status.INTERRUPTED) {
            xml.writeStartElement("error");
            attr(xml, "message", message);
            attr(xml, "type", "interrupted");
            xml.writeEndElement();
        } else if (isSkip(item.status())) {
            xml.writeEmptyElement("skipped");
            attr(xml, "message", message);
        }
        String out = systemOut(item);
        if (!out.isEmpty()) {
            xml.writeStartElement("system-out");
            text(xml, out);
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void policyCase(XMLStreamWriter xml, String runbookId, Policy policy) throws XMLStreamException {
        xml.writeStartElement("testcase");
        attr(xml, "classname", runbookId + ".policy");
        attr(xml, "name", "policy/" + policy.name());
        xml.writeAttribute("time", "0.000");
        if (!policy.satisfied()) {
            xml.writeStartElement("failure");
            attr(xml, "message", "the run would be refused: " + (policy.detail() == null ? policy.name() : policy.detail()));
            attr(xml, "type", "policy");
            xml.writeEndElement();
        } else if (policy.detail() != null) {
            xml.writeStartElement("system-out");
            text(xml, policy.detail());
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static String detail(Attempt attempt) {
        if (attempt == null) {
            return "";
        }
        StringBuilder detail = new StringBuilder();
        if (attempt.expected() != null || attempt.actual() != null) {
            detail.append("expected: ").append(attempt.expected()).append('\n')
                    .append("actual:   ").append(attempt.actual()).append('\n');
        }
        if (attempt.error() != null) {
            detail.append("error: ").append(attempt.error().message());
            if (attempt.error().sqlState() != null) {
                detail.append(" (SQLSTATE ").append(attempt.error().sqlState()).append(')');
            }
            detail.append('\n');
        }
        return detail.toString();
    }

    private static String systemOut(ReportItem item) {
        StringBuilder out = new StringBuilder();
        if (item.status() == Status.WARNED && item.reason() != null) {
            out.append("warned: ").append(item.reason()).append('\n');
        }
        if (item.attempts().size() > 1) {
            for (Attempt attempt : item.attempts()) {
                out.append("attempt ").append(attempt.number()).append(": ").append(attempt.status().wire())
                        .append(attempt.reason() == null ? "" : ", " + attempt.reason()).append('\n');
            }
        }
        Attempt last = item.lastAttempt();
        if (last != null && last.output() != null && last.output().text() != null) {
            out.append(last.output().text());
        }
        if (item.text() != null) {
            out.append(out.length() == 0 ? "" : "\n").append(item.text());
        }
        return out.toString();
    }

    private static boolean isSkip(Status status) {
        return status == Status.SKIPPED || status == Status.NOT_REHEARSED || status == Status.WOULD_SKIP;
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value != null) {
            xml.writeEmptyElement("property");
            attr(xml, "name", name);
            attr(xml, "value", value);
        }
    }

    private static void attr(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value != null) {
            xml.writeAttribute(name, XmlChars.clean(value));
        }
    }

    private static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
        xml.writeCharacters(XmlChars.clean(value));
    }
}
