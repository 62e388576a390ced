package dev.runbook.reports;

import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.render.HtmlReportRenderer;
import dev.runbook.reports.render.JsonReportRenderer;
import dev.runbook.reports.render.JunitReportRenderer;
import dev.runbook.reports.render.MarkdownReportRenderer;
import dev.runbook.reports.render.Renderer;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the chosen report formats of one run into a folder; each file appears whole or not at all. */
public final class ReportWriter {

    private final HtmlReportRenderer html = new HtmlReportRenderer();
    private final JsonReportRenderer json = new JsonReportRenderer();
    private final JunitReportRenderer junit = new JunitReportRenderer();

    /**
     * Writes {@code formats} into {@code dir} (created if needed) and returns the written paths in
     * {@link Format} order; the Markdown summary lists the other files written with it.
     */
    public List<Path> writeAll(RunReport report, Path dir, Set<Format> formats) throws IOException {
        return writeAll(report, dir, formats, null);
    }

    /**
     * As {@link #writeAll(RunReport, Path, Set)}, but when {@code markdown} is not null it is report.md's text (a plan's
     * whole Markdown, which the run summary would cut short), followed by links to the other files written.
     */
    public List<Path> writeAll(RunReport report, Path dir, Set<Format> formats, String markdown) throws IOException {
        Files.createDirectories(dir);
        Path folder = dir.toAbsolutePath().normalize();
        Map<Format, Path> written = new EnumMap<>(Format.class);
        // The HTML page costs as much as the others together: it is rendered on a second thread (a second core)
        // while they are rendered here. The report is immutable and each renderer writes its own file.
        java.util.concurrent.FutureTask<Path> page = null;
        if (formats.contains(Format.HTML) && formats.size() > 1) {
            page = new java.util.concurrent.FutureTask<>(() -> write(folder.resolve(Format.HTML.fileName()),
                    temp -> html.render(report, temp)));
            Thread t = new Thread(page, "runbook-report-html");
            t.setDaemon(true);
            t.start();
        }
        for (Format format : formats) {
            if (format != Format.MD && !(format == Format.HTML && page != null)) {
                Renderer renderer = renderer(format);
                written.put(format, write(folder.resolve(format.fileName()), temp -> renderer.render(report, temp)));
            }
        }
        if (page != null) written.put(Format.HTML, await(page));
        if (formats.contains(Format.MD)) {
            // Written last so that it can point to the files that now really exist.
            List<Path> others = List.copyOf(written.values());
            Path md = folder.resolve(Format.MD.fileName());
            if (markdown == null) {
                written.put(Format.MD, write(md, temp -> new MarkdownReportRenderer(others).render(report, temp)));
            } else {
                String text = markdown + MarkdownReportRenderer.links(others);
                written.put(Format.MD, write(md, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8)));
            }
        }
        return List.copyOf(written.values());
    }

    private static Path await(java.util.concurrent.FutureTask<Path> page) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return page.get();
                } catch (InterruptedException e) {
                    // The page is being written; the reports must be whole before the run is over.
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Writes all four formats. */
    public List<Path> writeAll(RunReport report, Path dir) throws IOException {
        return writeAll(report, dir, EnumSet.allOf(Format.class));
    }

    private Renderer renderer(Format format) {
        switch (format) {
            case HTML: return html;
            case JSON: return json;
            case JUNIT: return junit;
            default: throw new IllegalArgumentException(format.id());
        }
    }

    /** Writes one file's content to the path it is given. */
    private interface Content {
        void writeTo(Path file) throws IOException;
    }

    private static Path write(Path target, Content content) throws IOException {
        // Render beside the target, then move it in, so a crash never leaves half a report to attach.
        // (Not Files.createTempFile: its owner-only permissions would follow the file into place.)
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid()
                + "." + System.nanoTime() + ".tmp");
        try {
            content.writeTo(temp);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
