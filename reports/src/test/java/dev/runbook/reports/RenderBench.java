package dev.runbook.reports;

import dev.runbook.reports.events.EventLogReader;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.render.HtmlReportRenderer;
import dev.runbook.reports.render.JsonReportRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times reading a large event log and rendering it as HTML on a warmed-up JVM:
 * {@code RenderBench OUT_DIR [STEPS] [ROUNDS]}. Prints one result line per measurement to stderr.
 */
public final class RenderBench {

    private RenderBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path runDir = out.resolve("run-" + steps);
        if (!Files.exists(runDir.resolve("events.jsonl"))) {
            TenThousandSteps.write(runDir, steps);
        }
        EventLogReader reader = new EventLogReader();
        HtmlReportRenderer html = new HtmlReportRenderer();
        Path htmlFile = runDir.resolve("report.html");
        long[] readMs = new long[rounds];
        long[] renderMs = new long[rounds];
        for (int warm = 0; warm < 5; warm++) {
            html.render(reader.read(runDir), htmlFile);
        }
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            RunReport report = reader.read(runDir);
            long t1 = System.nanoTime();
            html.render(report, htmlFile);
            long t2 = System.nanoTime();
            readMs[i] = (t1 - t0) / 1_000_000;
            renderMs[i] = (t2 - t1) / 1_000_000;
        }
        long[] total = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            total[i] = readMs[i] + renderMs[i];
        }
        Path jsonFile = runDir.resolve("report.json");
        new JsonReportRenderer().render(reader.read(runDir), jsonFile);
        System.err.printf(Locale.ROOT, "steps=%d rounds=%d (after 5 warm-up rounds)%n", steps, rounds);
        System.err.printf(Locale.ROOT, "events.jsonl %.2f MB, report.html %.2f MB, report.json %.2f MB%n",
                mb(runDir.resolve("events.jsonl")), mb(htmlFile), mb(jsonFile));
        System.err.printf(Locale.ROOT, "read   median %d ms, max %d ms%n", median(readMs), max(readMs));
        System.err.printf(Locale.ROOT, "html   median %d ms, max %d ms%n", median(renderMs), max(renderMs));
        System.err.printf(Locale.ROOT, "read+html median %d ms, max %d ms%n", median(total), max(total));
    }

    private static double mb(Path file) throws java.io.IOException {
        return Files.size(file) / 1_000_000.0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
