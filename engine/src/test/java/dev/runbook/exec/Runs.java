package dev.runbook.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs a plan for a test with recording progress, and reads back the run folder's events. */
final class Runs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Runs() {}

    static RunOptions options(Path runDir, RecordingProgress progress) {
        return RunOptions.defaults().withRunDir(runDir).withConsole(null, progress, true);
    }

    static List<JsonNode> events(Path runDir) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(runDir.resolve("events.jsonl"))) out.add(JSON.readTree(line));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> types(Path runDir) {
        return events(runDir).stream().map(e -> e.get("type").asText()).toList();
    }

    /** item.finished events for a key, in order (one per attempt). */
    static List<JsonNode> finished(Path runDir, String key) {
        return events(runDir).stream().filter(e -> e.get("type").asText().equals("item.finished")
                && e.get("key").asText().equals(key)).toList();
    }

    static JsonNode lastFinished(Path runDir, String key) {
        List<JsonNode> f = finished(runDir, key);
        if (f.isEmpty()) throw new AssertionError("no item.finished for " + key + " in " + types(runDir));
        return f.get(f.size() - 1);
    }

    static JsonNode skipped(Path runDir, String key) {
        return events(runDir).stream().filter(e -> e.get("type").asText().equals("item.skipped")
                && e.get("key").asText().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no item.skipped for " + key));
    }

    /** Keys of item.started events in order, without repeats. */
    static List<String> startedKeys(Path runDir) {
        return events(runDir).stream().filter(e -> e.get("type").asText().equals("item.started"))
                .map(e -> e.get("item").get("key").asText()).distinct().toList();
    }

    static JsonNode runFinished(Path runDir) {
        List<JsonNode> all = events(runDir);
        JsonNode last = all.get(all.size() - 1);
        if (!last.get("type").asText().equals("run.finished")) throw new AssertionError("last event is " + last);
        return last;
    }

    /** Progress that remembers every line, as the CLI would print them. */
    static final class RecordingProgress implements Progress {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        public void itemStarted(int position, int total, String key, String label) {
            lines.add("[" + position + "/" + total + "] " + label + " ...");
        }

        public void itemFinished(int position, int total, String key, String status, Duration elapsed, String reason) {
            lines.add("[" + position + "/" + total + "] " + key + " " + status + (reason == null ? "" : ": " + reason));
        }

        public void detail(String key, String text) {
            lines.add("  " + text);
        }

        public void message(String level, String text, boolean loud) {
            lines.add(level + ": " + text);
        }

        String all() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    static Set<String> words(String s) {
        return Set.of(s.split("\\W+")).stream().collect(Collectors.toSet());
    }
}
