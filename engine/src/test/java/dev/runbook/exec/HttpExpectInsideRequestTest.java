package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.TestRunbooks;
import dev.runbook.plan.Plan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expect: written inside http: (as in the seeds' /health/deep checks) is evaluated, not dropped. */
class HttpExpectInsideRequestTest {
    @Test
    void anExpectationInsideTheRequestFailsTheStepWhenItDoesNotHold(@TempDir Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health/deep", ex -> {
            byte[] body = "{\"environment\":\"prod\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            Files.writeString(dir.resolve("runbook.yaml"), """
                    version: 1
                    id: http-expect
                    targets:
                      api: { engine: http, url: "http://127.0.0.1:%d" }
                    steps:
                      - id: health
                        http: { url: /health/deep, expect: "status == 200 && json.environment == 'staging'" }
                    """.formatted(server.getAddress().getPort()));
            Plan plan = TestRunbooks.plan(dir.resolve("runbook.yaml"), null, Map.of(), Map.of());
            RunResult r = new Executor().run(plan, Runs.options(dir.resolve("run"), new Runs.RecordingProgress()));
            assertEquals(1, r.exitCode(), r.summary());
            assertTrue(r.summary().contains("health"), r.summary());
        } finally {
            server.stop(0);
        }
    }
}
