package dev.runbook.reports.render;

import dev.runbook.reports.model.RunReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a {@link RunReport} into one report file format. */
public sealed interface Renderer
        permits JsonReportRenderer, HtmlReportRenderer, MarkdownReportRenderer, MarkdownSummaryRenderer, JunitReportRenderer {

    /** Writes the report to {@code out}; the caller owns and closes {@code out}. */
    void render(RunReport report, Writer out) throws IOException;

    /** Writes the report to {@code file} as UTF-8, replacing it. */
    default void render(RunReport report, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            render(report, out);
        }
    }
}
