package dev.runbook.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Opens a local HTML file in Debian's headless Chromium and keeps its DOM, console and network log. */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    /** What one page load left behind. */
    record Load(String dom, String stderr, List<String> pageRequests, List<String> consoleLines) {
    }

    private HeadlessChromium() {
    }

    static Load open(Path html, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path dom = work.resolve("dom.html");
        Path stderr = work.resolve("stderr.txt");
        Path netLog = work.resolve("netlog.json");
        List<String> command = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions",
                // Every host name fails to resolve, so even Chromium's own background calls never leave the machine.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + work.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--log-net-log=" + netLog, "--dump-dom", html.toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(dom.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        List<String> console = new ArrayList<>();
        for (String line : err.split("\n")) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Load(Files.readString(dom, StandardCharsets.UTF_8), err, pageRequests(netLog), console);
    }

    /**
     * URLs of requests a page started. Chromium's own background requests (update checks, account
     * lookups) carry the initiator "not an origin" and are not the report's doing, so they are left out.
     */
    private static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        Map<Integer, String> types = new HashMap<>();
        log.get("constants").get("logEventTypes").fields()
                .forEachRemaining(type -> types.put(type.getValue().asInt(), type.getKey()));
        List<String> urls = new ArrayList<>();
        for (JsonNode event : log.get("events")) {
            JsonNode params = event.path("params");
            if ("URL_REQUEST_START_JOB".equals(types.get(event.path("type").asInt())) && params.has("url")
                    && !"not an origin".equals(params.path("initiator").asText())) {
                urls.add(params.get("url").asText());
            }
        }
        return urls;
    }
}
