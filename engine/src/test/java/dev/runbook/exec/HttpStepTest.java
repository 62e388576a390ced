package dev.runbook.exec;

import static dev.runbook.exec.Plans.get;
import static dev.runbook.exec.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.plan.Plan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpStepTest {
    @TempDir
    Path runDir;
    HttpServer server;
    String base;
    final AtomicInteger healthCalls = new AtomicInteger();
    final AtomicReference<String> received = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health/deep", ex -> {
            int n = healthCalls.incrementAndGet();
            boolean ok = n >= 3;
            byte[] body = ("{\"status\":\"" + (ok ? "ok" : "degraded") + "\",\"checks\":{\"db\":" + ok + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(ok ? 200 : 503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/echo", ex -> {
            received.set(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Ticket") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(201, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RunResult run(Plan plan) {
        return new Executor().run(plan, Runs.options(runDir, new Runs.RecordingProgress()));
    }

    @Test
    void joinsRelativeUrlsToTheTargetAndCapturesParsedJson() {
        healthCalls.set(5);
        RunResult r = run(plan().http("api", base + "/")
                .step("health", get("/health/deep")).target("api").expect("status == 200 && json.status == 'ok' && json.checks.db")
                .build());
        assertEquals(0, r.exitCode(), r.summary());
        JsonNode c = Runs.lastFinished(runDir, "step/health").get("captures");
        assertEquals("ok", c.get("json").get("status").asText());
        assertEquals("application/json", c.get("headers").get("content-type").asText());
    }

    @Test
    void retriesUntilTheExpectationHolds() {
        RunResult r = run(plan().http("api", base)
                .step("health", get("health/deep")).target("api").expect("status == 200")
                .retry(Plans.retry(5, Duration.ofMillis(50))).build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals(3, Runs.finished(runDir, "step/health").size());
        assertEquals("expected status == 200, got status = 503",
                Runs.finished(runDir, "step/health").get(0).get("reason").asText());
    }

    @Test
    void anErrorStatusFailsAStepWithoutExpectation() {
        RunResult r = run(plan().http("api", base).step("health", get("/health/deep")).target("api").build());
        assertEquals(1, r.exitCode());
        assertEquals("GET " + base + "/health/deep answered 503", Runs.lastFinished(runDir, "step/health").get("reason").asText());
    }

    @Test
    void sendsInterpolatedJsonBodiesAndHeaders() {
        RunResult r = run(plan().http("api", base).param("ticket", "OPS-42")
                .step("notify", new dev.runbook.plan.PlannedAction.Http(Plans.POS, "POST",
                        new dev.runbook.model.Template("/echo", Plans.POS), "api",
                        Map.of("X-Ticket", new dev.runbook.model.Template("${params.ticket}", Plans.POS)), null,
                        new java.util.TreeMap<>(Map.of("ticket", "${params.ticket}", "count", 3)), null, "/echo"))
                .target("api").expect("status == 201").build());
        assertEquals(0, r.exitCode(), r.summary());
        assertEquals("POST OPS-42 {\"count\":3,\"ticket\":\"OPS-42\"}", received.get());
    }

    @Test
    void aRefusedConnectionIsAClearConnectionFailure() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RunResult r = run(plan().http("api", "http://127.0.0.1:" + closed)
                .step("health", get("/health")).target("api").build());
        assertEquals(1, r.exitCode());
        assertEquals("HTTP connection refused: GET http://127.0.0.1:" + closed + "/health (target api)",
                Runs.lastFinished(runDir, "step/health").get("reason").asText());
    }
}
