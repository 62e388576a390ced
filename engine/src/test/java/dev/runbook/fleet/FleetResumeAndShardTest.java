package dev.runbook.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Resuming a fleet from its targets' journals, and a fleet run in three shards merged into the one report. */
class FleetResumeAndShardTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    @Test
    void resumingAFleetRunsAgainOnlyTheTargetsThatFailed() throws IOException {
        Fleets f = new Fleets(PG, dir, 5);
        f.fleetFile(null);
        f.poison(1, 3);
        Path out = dir.resolve("fleet");
        TestCli.Result first = f.run(out, "--max-errors", "5", "--concurrency", "2");
        assertEquals(1, first.code(), first.all());
        f.cure(1, 3);

        TestCli.Result again = TestCli.run("resume", out.toString(), "--report", "json");

        assertEquals(0, again.code(), again.all());
        assertTrue(again.out().contains("2 of 5 target(s) to run (2 resumed where they stopped)"), again.out());
        for (int i : new int[] {0, 2, 4}) assertEquals(1, f.runs(i).size(), "target " + i + " did not run again");
        for (int i : new int[] {1, 3}) assertEquals(2, f.runs(i).size(), "failed target " + i + " ran again");
        for (int i = 0; i < 5; i++) {
            assertEquals("1", f.dbs.get(i).one("SELECT count(*) FROM marks"), "target " + i + " marked exactly once");
        }
        JsonNode report = FleetRunTest.report(out);
        assertEquals(5, report.path("totals").path("succeeded").asInt());
        JsonNode second = report.path("targets").get(1);
        assertEquals(Fleets.fleetId(first) + "-002-2", second.path("run_id").asText());
        assertEquals(List.of(Fleets.fleetId(first) + "-002"), List.of(second.path("earlier_runs").get(0).asText()));
        assertTrue(Files.isRegularFile(out.resolve(second.path("report").asText())), second.toString());
    }

    @Test
    void threeShardsMergedGiveTheReportOfTheUnshardedRun() throws IOException {
        Fleets f = new Fleets(PG, dir, 7);
        f.fleetFile(i -> i == 0 ? "canary" : null);
        f.poison(4);
        String[] rollout = {"--canary", "label:canary", "--waves", "50%", "--max-errors", "3", "--concurrency", "2"};
        TestCli.Result whole = f.run(dir.resolve("whole"), rollout);
        assertEquals(1, whole.code(), whole.all());

        List<String> shardDirs = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            List<String> args = new ArrayList<>(List.of(rollout));
            args.addAll(List.of("--shard", i + "/3"));
            Path out = dir.resolve("shard" + i);
            TestCli.Result r = f.run(out, args.toArray(String[]::new));
            assertTrue(r.code() == 0 || r.code() == 1, r.all());
            for (JsonNode t : FleetIndex.JSON.readTree(out.resolve(FleetIndex.FILE).toFile()).path("targets")) {
                ran.add(t.path("name").asText());
            }
            shardDirs.add(out.toString());
        }
        assertEquals(7, ran.size(), "every target in exactly one shard: " + ran);
        assertEquals(7, new java.util.HashSet<>(ran).size(), ran.toString());

        List<String> args = new ArrayList<>(List.of("fleet-report"));
        args.addAll(shardDirs);
        args.addAll(List.of("--out", dir.resolve("merged").toString()));
        TestCli.Result merged = TestCli.run(args.toArray(String[]::new));

        assertEquals(1, merged.code(), merged.all());
        JsonNode a = FleetRunTest.report(dir.resolve("whole"));
        JsonNode b = FleetRunTest.report(dir.resolve("merged"));
        assertEquals(comparable(a), comparable(b));
        assertEquals(a.path("totals"), b.path("totals"));
        assertEquals(a.path("fleet_hash"), b.path("fleet_hash"));
        for (JsonNode t : b.path("targets")) {
            assertTrue(Files.isRegularFile(dir.resolve("merged").resolve(t.path("report").asText())),
                    "merged link to " + t.path("report").asText());
        }
    }

    /** What must be the same in both reports: per target its wave, status, exit code, labels and plan. */
    private static Map<String, String> comparable(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode t : report.path("targets")) {
            out.put(t.path("name").asText(), t.path("ordinal").asText() + " " + t.path("wave").asText() + " "
                    + t.path("status").asText() + " " + t.path("exit_code").asText() + " " + t.path("labels") + " "
                    + t.path("plan_hash").asText() + " " + t.path("connections"));
        }
        return out;
    }
}
