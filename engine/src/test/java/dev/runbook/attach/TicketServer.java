package dev.runbook.attach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server that implements the documented contracts of the three ticket APIs Runbook posts to (Jira
 * REST v2 attachments and comments, ServiceNow's Attachment and Table APIs, GitHub's issue comments), checking
 * what the real ones check: the credentials, Jira's XSRF header, a multipart part named "file", the query of
 * an attachment. It can answer the first {@code busy} calls with 503 to exercise retries.
 */
final class TicketServer implements AutoCloseable {
    /** One call that passed the contract's checks. */
    record Call(String method, String path, String query, String fileName, String contentType, String body) {}

    final List<Call> accepted = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger busy = new AtomicInteger();
    private final HttpServer server;
    private final String authorization;

    TicketServer(String authorization) throws IOException {
        this.authorization = authorization;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        byte[] bytes = ex.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (!authorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, "{\"errorMessages\":[\"You are not authenticated. Authorization: "
                    + ex.getRequestHeaders().getFirst("Authorization") + "\"]}");
            return;
        }
        if (busy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().add("Retry-After", "0");
            answer(ex, 503, "busy");
            return;
        }
        Matcher jiraAttach = Pattern.compile("/rest/api/2/issue/([A-Z]+-[0-9]+)/attachments").matcher(path);
        Matcher jiraComment = Pattern.compile("/rest/api/2/issue/([A-Z]+-[0-9]+)/comment").matcher(path);
        Matcher snowPatch = Pattern.compile("/api/now/table/change_request/([0-9a-f]{32})").matcher(path);
        Matcher gh = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/issues/([0-9]+)/comments").matcher(path);
        if (method.equals("POST") && jiraAttach.matches()) {
            // Jira refuses attachment uploads without this header (XSRF check) and wants a multipart part "file".
            if (!"no-check".equals(ex.getRequestHeaders().getFirst("X-Atlassian-Token"))) {
                answer(ex, 403, "XSRF check failed");
                return;
            }
            Matcher part = Pattern.compile("Content-Disposition: form-data; name=\"file\"; filename=\"([^\"]+)\"").matcher(body);
            if (type == null || !type.startsWith("multipart/form-data; boundary=") || !part.find()) {
                answer(ex, 415, "expected multipart/form-data with a part named file");
                return;
            }
            accepted.add(new Call(method, path, query, part.group(1), type, body));
            answer(ex, 200, "[{\"filename\":\"" + part.group(1) + "\"}]");
        } else if (method.equals("POST") && jiraComment.matches()) {
            accepted.add(new Call(method, path, query, null, type, json(body).get("body").asText()));
            answer(ex, 201, "{\"id\":\"10000\"}");
        } else if (method.equals("POST") && path.equals("/api/now/attachment/file")) {
            Matcher q = Pattern.compile("table_name=change_request&table_sys_id=([0-9a-f]{32})&file_name=([^&]+)").matcher(query);
            if (!q.matches() || bytes.length == 0) {
                answer(ex, 400, "{\"error\":{\"message\":\"table_name, table_sys_id and file_name are required\"}}");
                return;
            }
            accepted.add(new Call(method, path, query, q.group(2), type, body));
            answer(ex, 201, "{\"result\":{\"file_name\":\"" + q.group(2) + "\"}}");
        } else if (method.equals("PATCH") && snowPatch.matches()) {
            accepted.add(new Call(method, path, query, null, type, json(body).get("work_notes").asText()));
            answer(ex, 200, "{\"result\":{}}");
        } else if (method.equals("POST") && gh.matches()) {
            if (!"application/vnd.github+json".equals(ex.getRequestHeaders().getFirst("Accept"))) {
                answer(ex, 415, "Accept application/vnd.github+json");
                return;
            }
            accepted.add(new Call(method, path, query, null, type, json(body).get("body").asText()));
            answer(ex, 201, "{\"id\":1}");
        } else {
            answer(ex, 404, "no such endpoint: " + method + " " + path);
        }
    }

    private static JsonNode json(String body) throws IOException {
        return new ObjectMapper().readTree(body);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        // No kept-alive connection outlives a test (another test watches this JVM's sockets).
        ex.getResponseHeaders().add("Connection", "close");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
