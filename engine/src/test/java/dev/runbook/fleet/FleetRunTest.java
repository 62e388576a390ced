package dev.runbook.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --fleet} on many databases of one real PostgreSQL: canary, error budget, waves, concurrency cap. */
class FleetRunTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    static JsonNode report(Path fleetDir) throws IOException {
        return new ObjectMapper().readTree(fleetDir.resolve(FleetReportWriter.JSON).toFile());
    }

    static Map<String, String> statuses(JsonNode report) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : report.path("targets")) out.put(t.path("name").asText(), t.path("status").asText());
        return out;
    }

    @Test
    void aFailedCanaryStopsTheFleetBeforeAnyOtherTargetStarts() throws IOException {
        Fleets f = new Fleets(PG, dir, 5);
        f.fleetFile(i -> i == 3 ? "canary" : null);
        f.poison(3);

        TestCli.Result r = f.run(dir.resolve("out"), "--canary", "label:canary", "--concurrency", "4",
                "--max-errors", "10");

        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("the canary target 't04' failed (exit 1), so no other target started"), r.all());
        for (int i : new int[] {0, 1, 2, 4}) assertEquals(List.of(), f.runs(i), "target " + i + " never started");
        assertEquals(1, f.runs(3).size());
        JsonNode report = report(dir.resolve("out"));
        assertEquals(Map.of("t01", "not_started", "t02", "not_started", "t03", "not_started", "t04", "failed",
                "t05", "not_started"), statuses(report));
        assertEquals("canary", report.path("targets").get(3).path("wave").asText());
        assertEquals(4, report.path("totals").path("not_started").asInt());
    }

    @Test
    void pastTheErrorBudgetNoNewTargetStartsAndTheReportSaysSo() throws IOException {
        Fleets f = new Fleets(PG, dir, 7);
        f.fleetFile(null);
        f.poison(1, 2, 3);

        TestCli.Result r = f.run(dir.resolve("out"), "--max-errors", "2", "--concurrency", "1");

        assertEquals(1, r.code(), r.all());
        assertEquals(1, f.runs(0).size());
        for (int i = 1; i <= 3; i++) assertEquals(1, f.runs(i).size(), "failed target " + i + " ran");
        for (int i = 4; i < 7; i++) assertEquals(List.of(), f.runs(i), "no target starts after the third failure");
        assertEquals("1", f.dbs.get(0).one("SELECT count(*) FROM marks WHERE tenant = 'tenant-1'"));
        JsonNode report = report(dir.resolve("out"));
        assertEquals("error budget exceeded: 3 targets failed, --max-errors 2 allows 2", report.path("stopped").asText());
        assertEquals(3, report.path("totals").path("error_budget").path("used").asInt());
        assertEquals(2, report.path("totals").path("error_budget").path("allowed").asInt());
        assertEquals(3, report.path("totals").path("not_started").asInt());
        assertTrue(r.out().contains("fleet report: "), r.out());
    }

    @Test
    void onTargetFailureStopEndsTheFleetAtTheFirstFailureWhateverTheBudget() throws IOException {
        Fleets f = new Fleets(PG, dir, 4);
        f.fleetFile(null);
        f.poison(1);

        TestCli.Result r = f.run(dir.resolve("out"), "--max-errors", "10", "--on-target-failure", "stop");

        assertEquals(1, r.code(), r.all());
        assertEquals(List.of(), f.runs(2));
        assertEquals(List.of(), f.runs(3));
        assertEquals("target 't02' failed and --on-target-failure is stop", report(dir.resolve("out")).path("stopped").asText());
    }

    @Test
    void wavesRunOneAfterAnotherAndTheConcurrencyCapHoldsInTheJournals() throws IOException {
        Fleets f = new Fleets(PG, dir, 9);
        f.fleetFile(null);

        TestCli.Result r = f.run(dir.resolve("out"), "--canary", "1", "--waves", "2,50%", "--concurrency", "2");

        assertEquals(0, r.code(), r.all());
        JsonNode report = report(dir.resolve("out"));
        List<String> waves = new ArrayList<>();
        for (JsonNode t : report.path("targets")) waves.add(t.path("wave").asText());
        // canary 1, then 2, then 50% of 9 rounded up (5), then the last size again for what is left.
        assertEquals(List.of("canary", "wave 1", "wave 1", "wave 2", "wave 2", "wave 2", "wave 2", "wave 2", "wave 3"), waves);
        List<Instant[]> runs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            assertEquals(1, f.runs(i).size(), "target " + i);
            runs.add(f.runs(i).get(0));
        }
        assertEquals(2, maxOverlap(runs), "two at a time, never more (and the cap is reached)");
        int[][] waveOf = {{0}, {1, 2}, {3, 4, 5, 6, 7}, {8}};
        for (int w = 1; w < waveOf.length; w++) {
            Instant lastEnd = Instant.MIN;
            for (int i : waveOf[w - 1]) if (runs.get(i)[1].isAfter(lastEnd)) lastEnd = runs.get(i)[1];
            for (int i : waveOf[w]) {
                assertTrue(!runs.get(i)[0].isBefore(lastEnd), "target " + i + " of wave " + w + " started before the"
                        + " previous wave ended");
            }
        }
    }

    /** The most runs open at one instant, from the journal's start and end times. */
    static int maxOverlap(List<Instant[]> runs) {
        int max = 0;
        for (Instant[] a : runs) {
            int open = 0;
            for (Instant[] b : runs) if (!b[0].isAfter(a[0]) && b[1].isAfter(a[0])) open++;
            max = Math.max(max, open);
        }
        return max;
    }
}
