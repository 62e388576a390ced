package dev.runbook.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The HTML fleet report of a real fleet run, opened in headless Chromium: its script runs and filters the table. */
public class FleetReportInChromiumTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void theFleetReportRendersItsTotalsAndFiltersByStatusInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed: apt-get install chromium");
        Fleets f = new Fleets(PG, dir, 4);
        f.fleetFile(i -> i == 0 ? "canary" : i % 2 == 0 ? "eu" : "us");
        f.poison(2);
        Path out = dir.resolve("fleet");
        TestCli.Result r = f.run(out, "--canary", "1", "--max-errors", "1", "--concurrency", "2");
        assertEquals(1, r.code(), r.all());
        Path html = out.resolve(FleetReportWriter.HTML);

        String all = chromium(html.toUri().toString(), dir.resolve("c1"), dir.resolve("fleet-report.png"));
        // Kept where a person can look at it after the build.
        Files.copy(dir.resolve("fleet-report.png"), Path.of("target", "fleet-report.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(all.contains("<span class=\"outcome\">FAILED</span>"), all);
        assertTrue(all.contains("4 of 4 targets shown"), "the page's script ran under its CSP:\n" + all);
        assertTrue(all.contains("<dd id=\"budget\">1 failed of 1 allowed (--max-errors 1)</dd>"), all);

        String failed = chromium(html.toUri() + "#status=failed", dir.resolve("c2"), null);
        assertTrue(failed.contains("1 of 4 targets shown"), failed);
        assertEquals(List.of("t03"), visibleTargets(failed));
        Matcher link = Pattern.compile("<a href=\"([^\"]+)\">report</a>").matcher(all);
        assertTrue(link.find());
        assertTrue(Files.isRegularFile(out.resolve(link.group(1))), "the link leads to the target's own report");
    }

    /** Names in the target rows the browser did not hide. */
    private static List<String> visibleTargets(String dom) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<tr data-status=\"[a-z_]+\"( hidden=\"\")?><td>\\d+</td><td>([^<]+)</td>").matcher(dom);
        while (m.find()) if (m.group(1) == null) out.add(m.group(2));
        return out;
    }

    /** The DOM after the page's scripts ran; also a screenshot when {@code png} is given (the plan report's test too). */
    public static String chromium(String url, Path work, Path png) throws IOException, InterruptedException {
        Files.createDirectories(work);
        List<String> base = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + work.resolve("profile"));
        Path dom = work.resolve("dom.html");
        run(concat(base, "--dump-dom", url), dom, work.resolve("stderr.txt"));
        if (png != null) {
            run(concat(base, "--window-size=1280,900", "--screenshot=" + png, url), work.resolve("shot.txt"),
                    work.resolve("shot-stderr.txt"));
            assertTrue(Files.size(png) > 0);
        }
        String stderr = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertFalse(stderr.contains("Uncaught"), stderr);
        assertFalse(stderr.contains("Refused to"), stderr);
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    private static void run(List<String> command, Path stdout, Path stderr) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s");
        }
    }
}
