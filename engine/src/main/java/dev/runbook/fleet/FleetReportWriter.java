package dev.runbook.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the one fleet report (HTML, JSON, Markdown, JUnit) from a fleet index. Links to each target's own report
 * are made relative to the report's folder, so a merged report of several shards' folders links into each of them.
 */
public final class FleetReportWriter {
    public static final String HTML = "fleet-report.html";
    public static final String JSON = "fleet-report.json";
    public static final String MD = "fleet-report.md";
    public static final String JUNIT = "fleet-report.junit.xml";

    private FleetReportWriter() {}

    /**
     * @param index the fleet's index, its target paths relative to {@code from} (a fleet folder; a merged index has
     *              them relative to {@code out} already, and passes {@code out})
     */
    public static List<Path> write(FleetIndex index, Path from, Path out) throws IOException {
        Files.createDirectories(out);
        FleetIndex linked = index.withTargets(index.targets().stream().map(e -> relink(e, from, out)).toList());
        FleetTotals totals = FleetTotals.of(linked);
        List<Path> written = new ArrayList<>();
        written.add(write(out.resolve(HTML), FleetHtml.render(linked, totals)));
        written.add(write(out.resolve(JSON), FleetJson.render(linked, totals)));
        written.add(write(out.resolve(MD), FleetMarkdown.render(linked, totals)));
        written.add(write(out.resolve(JUNIT), FleetJunit.render(linked, totals)));
        return written;
    }

    static FleetIndex.Entry relink(FleetIndex.Entry e, Path from, Path out) {
        if (from.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) return e;
        return e.with(e.status(), e.exitCode(), e.runId(), move(e.runDir(), from, out), move(e.report(), from, out),
                e.started(), e.finished(), e.durationMs(), e.summary(), e.note(), e.earlierRuns());
    }

    private static String move(String path, Path from, Path out) {
        if (path == null) return null;
        Path target = from.toAbsolutePath().normalize().resolve(path).normalize();
        return out.toAbsolutePath().normalize().relativize(target).toString().replace(java.io.File.separatorChar, '/');
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
