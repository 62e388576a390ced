package dev.runbook.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports go to Jira, ServiceNow and GitHub as their documented APIs expect, against local servers. */
class AttacherTest {
    static final String SYS_ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    List<Path> files;
    final Attacher attacher = new Attacher(3, Duration.ofMillis(10));

    @BeforeEach
    void reports() throws Exception {
        files = List.of(Files.writeString(dir.resolve("report.html"), "<!DOCTYPE html><p>ok</p>"),
                Files.writeString(dir.resolve("report.json"), "{\"outcome\":\"succeeded\"}"),
                Files.writeString(dir.resolve("report.md"), "### SUCCEEDED"));
    }

    static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jiraGetsEachReportAsAnAttachmentAndTheSummaryAsAComment() throws Exception {
        try (TicketServer jira = new TicketServer(basic("ops@example.com", "jira-api-token-1"))) {
            List<String> done = attacher.attach(Ticket.parse(jira.base() + "/browse/OPS-42"), files, "**SUCCEEDED** summary",
                    Map.of("RUNBOOK_JIRA_USER", "ops@example.com", "RUNBOOK_JIRA_TOKEN", "jira-api-token-1"));
            assertEquals(List.of("report.html", "report.json", "report.md"),
                    jira.accepted.stream().filter(c -> c.fileName() != null).map(TicketServer.Call::fileName).toList());
            assertTrue(jira.accepted.get(0).body().contains("<!DOCTYPE html><p>ok</p>"), "the file's bytes are the part");
            assertEquals("**SUCCEEDED** summary", jira.accepted.get(3).body());
            assertEquals("/rest/api/2/issue/OPS-42/comment", jira.accepted.get(3).path());
            assertEquals(4, done.size(), done.toString());
            assertEquals("commented the summary on Jira issue OPS-42", done.get(3));
        }
    }

    @Test
    void serviceNowGetsAttachmentsOnTheChangeRequestAndAWorkNote() throws Exception {
        try (TicketServer snow = new TicketServer(basic("runbook.svc", "sn-password"))) {
            attacher.attach(Ticket.parse(snow.base() + "/change_request.do?sys_id=" + SYS_ID), files, "summary",
                    Map.of("RUNBOOK_SERVICENOW_USER", "runbook.svc", "RUNBOOK_SERVICENOW_PASSWORD", "sn-password"));
            assertEquals(4, snow.accepted.size());
            TicketServer.Call html = snow.accepted.get(0);
            assertEquals("table_name=change_request&table_sys_id=" + SYS_ID + "&file_name=report.html", html.query());
            assertEquals("text/html; charset=utf-8", html.contentType());
            assertEquals("application/json", snow.accepted.get(1).contentType());
            assertEquals("PATCH", snow.accepted.get(3).method());
            assertEquals("summary", snow.accepted.get(3).body());
        }
    }

    @Test
    void gitHubGetsTheSummaryAsAComment() throws Exception {
        try (TicketServer gh = new TicketServer("Bearer ghp_testtoken")) {
            List<String> done = attacher.attach(Ticket.parse(gh.base() + "/acme/shop/pull/12"), files, "summary",
                    Map.of("GITHUB_TOKEN", "ghp_testtoken"));
            assertEquals(1, gh.accepted.size());
            assertEquals("/api/v3/repos/acme/shop/issues/12/comments", gh.accepted.get(0).path());
            assertTrue(done.get(0).contains("GitHub takes no attachments"), done.toString());
        }
    }

    @Test
    void aBusyServerIsRetriedAndNothingIsAttachedTwice() throws Exception {
        try (TicketServer jira = new TicketServer("Bearer pat-1")) {
            jira.busy.set(2);
            attacher.attach(Ticket.parse(jira.base() + "/browse/OPS-42"), files.subList(0, 1), "s",
                    Map.of("RUNBOOK_JIRA_TOKEN", "pat-1"));
            assertEquals(4, jira.requests.get(), "two 503 answers, the upload, the comment");
            assertEquals(2, jira.accepted.size());
        }
        try (TicketServer jira = new TicketServer("Bearer pat-1")) {
            jira.busy.set(10);
            AttachException e = assertThrows(AttachException.class, () -> attacher.attach(
                    Ticket.parse(jira.base() + "/browse/OPS-42"), files, "s", Map.of("RUNBOOK_JIRA_TOKEN", "pat-1")));
            assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertEquals(3, jira.requests.get());
        }
    }

    @Test
    void refusedCredentialsFailAtOnceAndAreNeverPrinted() throws Exception {
        try (TicketServer jira = new TicketServer(basic("ops@example.com", "the-right-token"))) {
            AttachException e = assertThrows(AttachException.class, () -> attacher.attach(
                    Ticket.parse(jira.base() + "/browse/OPS-42"), files, "s",
                    Map.of("RUNBOOK_JIRA_USER", "ops@example.com", "RUNBOOK_JIRA_TOKEN", "a-wrong-token")));
            assertTrue(e.getMessage().startsWith("Jira refused the credentials (HTTP 401) for Jira issue OPS-42: set"),
                    e.getMessage());
            assertEquals(1, jira.requests.get(), "a refused credential is not retried");
            assertFalse(e.getMessage().contains("a-wrong-token"), e.getMessage());
            assertFalse(e.getMessage().contains(basic("ops@example.com", "a-wrong-token").substring(6)), e.getMessage());
        }
    }

    @Test
    void missingCredentialsAndUnknownAddressesAreUsageErrorsBeforeAnythingIsSent(@TempDir Path run) throws Exception {
        Assumptions.assumeTrue(System.getenv("RUNBOOK_JIRA_TOKEN") == null, "this machine has Jira credentials set");
        try (TicketServer jira = new TicketServer("Bearer x")) {
            TestCli.Result r = TestCli.run("report", run.toString(), "--attach", jira.base() + "/browse/OPS-42");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains("--attach: no credentials for the Jira issue OPS-42: set RUNBOOK_JIRA_TOKEN"), r.err());
            assertEquals(0, jira.requests.get());
        }
        Path rb = Files.writeString(run.resolve("runbook.yaml"), "version: 1\nid: a\nsteps:\n  - id: s\n    mutating: false\n"
                + "    shell: [echo, hi]\n");
        TestCli.Result refused = TestCli.run("run", rb.toString(), "--out", run.resolve("r").toString(), "--attach",
                "http://127.0.0.1:9/browse/OPS-1");
        assertEquals(2, refused.code(), refused.all());
        assertFalse(Files.exists(run.resolve("r")), "refused before the run started");
        TestCli.Result bad = TestCli.run("report", run.toString(), "--attach", "https://example.com/tickets/7");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("is no ticket address Runbook knows"), bad.err());
        assertThrows(IllegalArgumentException.class, () -> Ticket.parse("ftp://x/browse/OPS-1"));
        assertEquals(new Ticket.GitHub(java.net.URI.create("https://api.github.com"), "o", "r", 3),
                Ticket.parse("https://github.com/o/r/issues/3"));
    }
}
