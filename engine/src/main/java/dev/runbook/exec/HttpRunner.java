package dev.runbook.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.model.Template;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedTarget;
import dev.runbook.reports.model.Output;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an http step's request with {@link HttpClient} (relative URLs joined to the http target's url)
 * and captures status, headers, body and, when the answer is JSON, its parsed form as plain maps and lists.
 */
final class HttpRunner {
    static final int MAX_BODY = 1024 * 1024;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    // Built on the first request: a run without http steps does not pay for the client's start-up.
    private HttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final Cancellation cancellation;
    private final Expressions expressions;
    private final Map<String, PlannedTarget> targets;

    HttpRunner(Cancellation cancellation, Expressions expressions, Map<String, PlannedTarget> targets) {
        this.cancellation = cancellation;
        this.expressions = expressions;
        this.targets = targets;
    }

    /** Sends the request; without an {@code expect:} an answer of 400 or more is a failure of class status. */
    ActionResult run(PlannedAction.Http http, String stepTarget, Map<String, Object> vars, boolean hasExpect)
            throws StepFailure {
        String targetName = http.target() != null ? http.target() : stepTarget;
        if (targetName == null) {
            // As the planner does for steps: with one http target, a relative url means that one.
            List<String> https = targets.values().stream().filter(t -> "http".equals(t.engine())).map(PlannedTarget::name).toList();
            if (https.size() == 1) targetName = https.get(0);
        }
        PlannedTarget target = targetName == null ? null : targets.get(targetName);
        String url = interpolate(http.url(), vars);
        if (!url.matches("(?i)^https?://.*")) {
            if (target == null || !"http".equals(target.engine()) || target.settings().get("url") == null) {
                throw new StepFailure(FailureKind.INVALID, "relative url '" + url + "' needs an http target with a url");
            }
            url = target.settings().get("url").replaceAll("/+$", "") + "/" + url.replaceAll("^/+", "");
        }
        String where = http.method() + " " + url;
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new StepFailure(FailureKind.INVALID, "invalid url '" + url + "': " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (target != null && "http".equals(target.engine())) {
            target.settings().forEach((k, v) -> {
                if (k.startsWith("header.")) headers.put(k.substring("header.".length()), v);
            });
        }
        if (http.headers() != null) for (Map.Entry<String, Template> h : http.headers().entrySet()) {
            headers.put(h.getKey(), interpolate(h.getValue(), vars));
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (http.json() != null) {
            try {
                body = HttpRequest.BodyPublishers.ofString(json.writeValueAsString(interpolateDeep(
                        http.json() instanceof com.fasterxml.jackson.databind.JsonNode n ? json.convertValue(n, Object.class)
                                : http.json(), vars)));
            } catch (JsonProcessingException e) {
                throw new StepFailure(FailureKind.INVALID, "cannot write the json body: " + e.getMessage());
            }
            if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type"))) {
                headers.put("Content-Type", "application/json");
            }
        } else if (http.body() != null) {
            body = HttpRequest.BodyPublishers.ofString(interpolate(http.body(), vars));
        }
        headers.forEach(b::header);
        b.method(http.method(), body);
        // Not given: the default; 0s: no bound of its own (the step's timeout still applies).
        Duration bound = http.timeout() == null ? DEFAULT_TIMEOUT : dev.runbook.model.TimeBound.of(http.timeout());
        if (bound != null) b.timeout(bound);
        HttpResponse<InputStream> response = send(b.build(), where, targetName);
        byte[] bytes;
        boolean cut;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_BODY);
            cut = in.read() >= 0;
        } catch (IOException e) {
            throw new StepFailure(FailureKind.CONNECTION, where + ": the answer broke off: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Map<String, Object> captures = new LinkedHashMap<>();
        captures.put("status", response.statusCode());
        Map<String, Object> hs = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> hs.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        captures.put("headers", hs);
        captures.put("body", text);
        captures.put("json", parseJson(text, String.valueOf(hs.getOrDefault("content-type", ""))));
        String shown = text.length() > TailBuffer.DEFAULT_CAPACITY ? text.substring(0, TailBuffer.DEFAULT_CAPACITY) : text;
        ActionResult result = new ActionResult(captures, null, null,
                text.isEmpty() ? null : new Output(shown, cut || shown.length() < text.length()));
        if (!hasExpect && response.statusCode() >= 400) {
            throw new StepFailure(FailureKind.STATUS, where + " answered " + response.statusCode(), null, null, result, null);
        }
        return result;
    }

    private HttpResponse<InputStream> send(HttpRequest request, String where, String target) throws StepFailure {
        cancellation.check();
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try (Cancellation.Registration r = cancellation.onCancel(() -> f.cancel(true))) {
            while (true) {
                try {
                    return f.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancellation.cause() != null) {
                        f.cancel(true);
                        cancellation.check();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.stop("interrupted");
            throw new StepFailure(FailureKind.INTERRUPTED, "stopped while waiting for " + where);
        } catch (java.util.concurrent.CancellationException e) {
            cancellation.check();
            throw new StepFailure(FailureKind.INTERRUPTED, "cancelled while waiting for " + where);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String on = target == null ? "" : " (target " + target + ")";
            if (c instanceof HttpConnectTimeoutException) {
                throw new StepFailure(FailureKind.CONNECTION, "HTTP connect timed out: " + where + on);
            }
            if (c instanceof HttpTimeoutException) {
                throw new StepFailure(FailureKind.TIMEOUT, "HTTP request timed out: " + where + on);
            }
            if (c instanceof ConnectException || (c != null && c.getCause() instanceof ConnectException)) {
                throw new StepFailure(FailureKind.CONNECTION, "HTTP connection refused: " + where + on);
            }
            throw new StepFailure(FailureKind.CONNECTION, "HTTP request failed: " + where + on + ": "
                    + (c == null ? e.getMessage() : c.getClass().getSimpleName() + " " + c.getMessage()));
        }
    }

    private Object parseJson(String text, String contentType) {
        String t = text.strip();
        boolean looks = t.startsWith("{") || t.startsWith("[");
        if (!contentType.toLowerCase(Locale.ROOT).contains("json") && !looks) return null;
        try {
            return json.readValue(t, Object.class);
        } catch (IOException e) {
            return null;
        }
    }

    private Object interpolateDeep(Object v, Map<String, Object> vars) throws StepFailure {
        if (v instanceof String s) return interpolate(new Template(s, null), vars);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), interpolateDeep(e.getValue(), vars));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(interpolateDeep(o, vars));
            return out;
        }
        return v;
    }

    private String interpolate(Template t, Map<String, Object> vars) throws StepFailure {
        if (t == null) return "";
        try {
            return expressions.interpolate(t.raw(), vars);
        } catch (ExpressionException e) {
            throw new StepFailure(FailureKind.INVALID, e.getMessage());
        }
    }
}
