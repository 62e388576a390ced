package dev.runbook.attach;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.plan.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Puts a run's reports on its change ticket: Jira (issue attachments, then a comment with the summary),
 * ServiceNow (the Attachment API on the change_request, then a work note) or GitHub (a comment with the
 * summary; GitHub has no attachment API). Talks only to the ticket's own host. Retries what a busy server
 * asks to retry (429, 502, 503, 504, a dropped connection); a refused credential fails at once.
 */
public final class Attacher {
    private static final Set<Integer> RETRY = Set.of(429, 500, 502, 503, 504);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final int attempts;
    private final Duration delay;

    /** Three attempts, one second apart at first, doubling. */
    public Attacher() {
        this(3, Duration.ofSeconds(1));
    }

    Attacher(int attempts, Duration delay) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.attempts = attempts;
        this.delay = delay;
    }

    /** @throws IllegalArgumentException with the variables to set when {@code env} lacks the ticket's credentials */
    public static void check(Ticket ticket, Map<String, String> env) {
        Credentials.of(ticket, env);
    }

    /**
     * Uploads {@code files} and posts {@code summary}; returns one line per thing done, for the operator.
     *
     * @throws IllegalArgumentException when the credentials are not in {@code env} (nothing was sent)
     */
    public List<String> attach(Ticket ticket, List<Path> files, String summary, Map<String, String> env)
            throws AttachException {
        Credentials credentials = Credentials.of(ticket, env);
        Session s = new Session(ticket, credentials, new SecretMasker(credentials.secrets()));
        List<String> done = new ArrayList<>();
        if (ticket instanceof Ticket.Jira j) {
            for (Path f : files) {
                String boundary = "runbook-" + UUID.randomUUID();
                s.send(HttpRequest.newBuilder(uri(j.base(), "/rest/api/2/issue/" + enc(j.key()) + "/attachments"))
                        .header("X-Atlassian-Token", "no-check")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, f))));
                done.add("attached " + f.getFileName() + " to " + ticket.describe());
            }
            s.send(json(uri(j.base(), "/rest/api/2/issue/" + enc(j.key()) + "/comment"), Map.of("body", summary), "POST"));
            done.add("commented the summary on " + ticket.describe());
        } else if (ticket instanceof Ticket.ServiceNow n) {
            for (Path f : files) {
                String q = "/api/now/attachment/file?table_name=change_request&table_sys_id=" + enc(n.sysId())
                        + "&file_name=" + enc(f.getFileName().toString());
                s.send(HttpRequest.newBuilder(uri(n.base(), q)).header("Content-Type", contentType(f))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(read(f))));
                done.add("attached " + f.getFileName() + " to " + ticket.describe());
            }
            s.send(json(uri(n.base(), "/api/now/table/change_request/" + enc(n.sysId())), Map.of("work_notes", summary),
                    "PATCH"));
            done.add("added the summary as a work note to " + ticket.describe());
        } else if (ticket instanceof Ticket.GitHub g) {
            s.send(json(uri(g.api(), "/repos/" + enc(g.owner()) + "/" + enc(g.repo()) + "/issues/" + g.number() + "/comments"),
                    Map.of("body", summary), "POST")
                    .setHeader("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28"));
            done.add("commented the summary on " + ticket.describe() + " (GitHub takes no attachments; the reports stay in the run folder)");
        }
        return done;
    }

    /** One ticket's requests: the credentials added, retries applied, secrets masked in every message. */
    private final class Session {
        private final Ticket ticket;
        private final Credentials credentials;
        private final SecretMasker masker;

        Session(Ticket ticket, Credentials credentials, SecretMasker masker) {
            this.ticket = ticket;
            this.credentials = credentials;
            this.masker = masker;
        }

        /** Sends until a 2xx answer, retrying what may pass on a second try. */
        void send(HttpRequest.Builder request) throws AttachException {
            HttpRequest r = request.header("Authorization", credentials.header()).header("User-Agent", "runbook")
                    .timeout(Duration.ofSeconds(60)).build();
            Duration wait = delay;
            for (int attempt = 1; ; attempt++) {
                String problem;
                try {
                    HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
                    int status = response.statusCode();
                    if (status / 100 == 2) return;
                    if (status == 401 || status == 403) {
                        throw new AttachException(system() + " refused the credentials (HTTP " + status + ") for "
                                + ticket.describe() + ": " + ticket.credentialsHint() + ", with the right to change it");
                    }
                    problem = "HTTP " + status + " from " + r.method() + " " + r.uri().getPath() + ": " + shorten(response.body());
                    if (!RETRY.contains(status)) throw new AttachException(system() + " answered " + masker.mask(problem));
                    wait = response.headers().firstValue("Retry-After").map(Attacher::seconds).orElse(wait);
                } catch (IOException e) {
                    problem = "cannot reach " + r.uri().getHost() + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AttachException("interrupted while talking to " + system());
                }
                if (attempt >= attempts) {
                    throw new AttachException(system() + ": " + masker.mask(problem) + " (after " + attempt + " attempts)");
                }
                sleep(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
                wait = wait.multipliedBy(2);
            }
        }

        private String system() {
            return ticket instanceof Ticket.Jira ? "Jira" : ticket instanceof Ticket.ServiceNow ? "ServiceNow" : "GitHub";
        }
    }

    private static HttpRequest.Builder json(URI uri, Map<String, String> body, String method) throws AttachException {
        try {
            return HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body)));
        } catch (IOException e) {
            throw new AttachException("cannot write the request: " + e.getMessage());
        }
    }

    private static byte[] multipart(String boundary, Path file) throws AttachException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String name = file.getFileName().toString().replace("\"", "");
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + contentType(file) + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(read(file));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] read(Path file) throws AttachException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AttachException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String contentType(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".html")) return "text/html; charset=utf-8";
        if (n.endsWith(".json")) return "application/json";
        if (n.endsWith(".md")) return "text/markdown; charset=utf-8";
        if (n.endsWith(".xml")) return "application/xml";
        return "application/octet-stream";
    }

    private static URI uri(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.strip())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static String shorten(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "...";
    }

    private static void sleep(Duration d) throws AttachException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException("interrupted while waiting to retry");
        }
    }
}
