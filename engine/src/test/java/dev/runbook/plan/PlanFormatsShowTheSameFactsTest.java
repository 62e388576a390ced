package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.TestCli;
import dev.runbook.TestRunbooks;
import dev.runbook.fleet.FleetReportInChromiumTest;
import dev.runbook.reports.render.MarkdownText;
import dev.runbook.reports.text.Printable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fact the plan shows a reviewer is in every format: the facts are taken from the one {@link PlanView} the
 * formats render (so a fact added there and left out of a format fails here), and a list of facts a reviewer must see
 * is checked against the view itself. Each format is produced through the CLI, as a user gets it; the HTML plan report
 * is also opened in headless Chromium (its screenshot is left at engine/target/plan-report.png).
 */
class PlanFormatsShowTheSameFactsTest {
    static final String SECRET_PARAM = "tok-cli-secret-5521";
    static final String URL_PASSWORD = "url-pw-7731";
    static final String NEW_PASSWORD = "new-role-pw-0042";

    @TempDir
    Path dir;

    Path runbook;
    Path reportDir;
    String[] invocation;

    @BeforeEach
    void writeRunbook() throws Exception {
        runbook = dir.resolve("runbook.yaml");
        Files.writeString(dir.resolve("cleanup.sql"), "DELETE FROM audit_log\nWHERE created_at < now() - interval '90 days';\n");
        Files.writeString(runbook, """
                version: 1
                id: reviewed-everything
                title: Every kind of fact a reviewer approves
                description: |
                  Why this change exists.
                  It rotates a role's password and rebuilds two indexes.
                params:
                  api_token: { type: string, secret: true }
                  new_password: { type: string, secret: true, default: new-role-pw-0042 }
                  region: { type: string, default: eu-west-1 }
                  indexes: { type: list, default: [idx_a, idx_b] }
                  deep: { type: boolean, default: false }
                targets:
                  db: { engine: postgresql, url: "postgresql://app@127.0.0.1:9/x" }
                  replica: { engine: postgresql, url: "postgresql://app@127.0.0.1:9/y", read_only: true, connect: lazy }
                defaults: { target: db }
                environments:
                  prod:
                    production: true
                    destructive: with_reason
                    seed: with_reason
                preconditions:
                  - name: server is new enough
                    sql: SELECT current_setting('server_version_num')::int
                    expect: result >= 130000
                  - name: no orphan orders
                    check: no_orphan_rows
                    params: { table: orders, column: customer_id, ref_table: customers }
                    on_fail: warn
                steps:
                  - id: rotate
                    description: The application reads the new password from the vault after this.
                    sql: ALTER ROLE app PASSWORD :'new_password'
                    rollback:
                      manual: Put the old password back from the vault entry app/db (region ${params.region}).
                  - id: notify
                    shell:
                      script: ./notify.sh
                      env: { API_TOKEN: "${params.api_token}", REGION: "${params.region}", HOME_DIR: "${env.HOME}" }
                    retry: { attempts: 3, delay: 5s }
                    timeout: 2m
                    rollback:
                      shell: [echo, "undo notify"]
                  - id: rebuild
                    for_each: params.indexes
                    lock_timeout: 5s
                    sql: |
                      DROP INDEX IF EXISTS :"item";
                      CREATE INDEX :"item" ON orders (created_at);
                    destructive: true
                    rollback:
                      sql: |
                        -- recreate from the saved definition
                        SELECT 1;
                        SELECT 2;
                  - id: cleanup
                    sql: { file: cleanup.sql }
                    on_failure: rollback
                    rollback_scope: step
                    destructive: true
                    seed: false
                    mutating: true
                  - id: approve-cutover
                    approval: { prompt: "Has the MR been merged?", approvers: [alice, bob] }
                  - id: settle
                    wait: 30s
                    checkpoint: true
                  - id: caught-up
                    wait:
                      until: { name: replica caught up, sql: "SELECT 1", expect: "result == 1" }
                      every: 2s
                      timeout: 1m
                  - id: orders-ok
                    mutating: false
                    assert:
                      - name: no orphans after the change
                        check: no_orphan_rows
                        params: { table: orders, column: customer_id, ref_table: customers }
                  - id: deep-check
                    when: params.deep
                    mutating: false
                    sql: SELECT count(*) FROM orders
                  - id: per-table
                    for_each: [{ name: orders, keep: 90 }]
                    mutating: false
                    sql: SELECT 1
                  - id: restart
                    shell: [echo, restart the server]
                    restarts_target: db
                  - id: after-rebuild
                    when: steps.rotate.status == 'ok'
                    mutating: false
                    sql: SELECT 2
                """);
        reportDir = dir.resolve("plan-report");
        invocation = new String[] {runbook.toString(), "--env", "prod", "-p", "api_token=" + SECRET_PARAM,
                "--target", "db=postgresql://app:" + URL_PASSWORD + "@127.0.0.1:9/x", "--reason", "OPS-1: rotation"};
    }

    private TestCli.Result plan(String... more) {
        List<String> args = new ArrayList<>(List.of("plan"));
        args.addAll(List.of(invocation));
        args.addAll(List.of(more));
        TestCli.Result r = TestCli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.all());
        return r;
    }

    private PlanView view() {
        TestCli.Result validated = TestCli.run("validate", runbook.toString());
        assertEquals(0, validated.code(), validated.all());
        Plan plan = TestRunbooks.plan(runbook, new Invocation("prod", Map.of("api_token", SECRET_PARAM), Map.of(), null,
                Map.of("db", "postgresql://app:" + URL_PASSWORD + "@127.0.0.1:9/x"), false, Set.of(), "OPS-1: rotation",
                false, "tester", System.getenv()));
        return PlanViews.of(plan, new SecretMasker(plan.secrets()));
    }

    @Test
    void theViewHoldsWhatAReviewerMustSee() {
        PlanView view = view();
        List<String> shown = new ArrayList<>();
        itemValues(view).values().forEach(shown::addAll);
        for (List<PlanView.Item> items : List.of(view.preconditions(), view.steps())) {
            items.forEach(i -> i.details().forEach(f -> shown.add(f.joined())));
        }
        view.header().forEach(f -> shown.add(f.label() + " " + f.value()));
        String all = String.join("\n", shown);
        for (String fact : List.of("It rotates a role's password", "result >= 130000", "on fail: warn", "table=orders",
                "column=customer_id", "ref_table=customers", "no_orphan_rows", "ALTER ROLE app PASSWORD",
                "Put the old password back from the vault entry app/db (region eu-west-1).", "REGION=eu-west-1",
                "API_TOKEN=******  (${params.api_token})", "HOME_DIR=${env.HOME}", "3 attempts every 5.0s", "2m00s",
                "idx_a", "idx_b", "DROP INDEX IF EXISTS \"idx_b\"", "SELECT 2;", "DELETE FROM audit_log",
                "cleanup.sql", "Has the MR been merged?", "alice, bob", "wait 30.0s", "replica caught up", "every 2.0s",
                "when: params.deep is false", "steps.rotate.status == 'ok'", "destructive", "no rollback declared",
                "undo notify", "lock_timeout", "restarts target db (its run lock is re-taken and verified after)",
                "rollback_scope: step; its failure rolls back: nothing", "checkpoint",
                "target replica postgresql://app@127.0.0.1:9/y  (read only: no lock, no journal; connected at first use)", "item: {\"name\":\"orders\",\"keep\":\"90\"}")) {
            assertTrue(all.contains(fact), "the plan view lacks '" + fact + "':\n" + all);
        }
    }

    @Test
    void everyFactOfTheViewIsInTextMarkdownJsonAndEveryPlanReport() throws Exception {
        PlanView view = view();
        String text = plan().out();
        String markdown = plan("--format", "markdown").out();
        String json = plan("--format", "json").out();
        TestCli.Result reports = plan("--report", "html,json,md", "--report-dir", reportDir.toString());
        String html = Files.readString(reportDir.resolve("report.html"));
        String reportMd = Files.readString(reportDir.resolve("report.md"));
        String reportJson = Files.readString(reportDir.resolve("report.json"));
        assertEquals(markdown.strip(), reportMd.substring(0, reportMd.indexOf("\nFull reports:")).strip(),
                "plan --report md is the whole Markdown plan");

        Map<String, String> formats = new LinkedHashMap<>();
        formats.put("text", text);
        formats.put("markdown", markdown);
        formats.put("report.md", reportMd);
        formats.put("json", strings(json));
        formats.put("report.json", strings(reportJson));
        formats.put("report.html", unescapeHtml(html));
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> item : itemValues(view).entrySet()) {
            for (String value : item.getValue()) {
                for (String line : value.split("\n")) {
                    String wanted = line.strip();
                    if (wanted.isEmpty()) continue;
                    formats.forEach((format, out) -> {
                        if (!contains(format, out, wanted)) missing.add(format + ": " + item.getKey() + ": " + wanted);
                    });
                }
            }
        }
        // The header (environment, ticket, hash, targets, params) is shown whole in text and Markdown.
        for (PlanView.Fact f : view.header()) {
            for (String format : List.of("text", "markdown", "report.md")) {
                if (!contains(format, formats.get(format), f.value())) missing.add(format + ": header " + f.label());
            }
        }
        assertTrue(missing.isEmpty(), "facts missing from a format:\n" + String.join("\n", missing) + "\n\n" + markdown);

        for (String out : List.of(text, markdown, json, html, reportMd, reportJson, reports.err())) {
            for (String secret : List.of(SECRET_PARAM, URL_PASSWORD, NEW_PASSWORD)) {
                assertFalse(out.contains(secret), "a secret in a plan format: " + secret);
            }
        }
        assertTrue(markdown.contains("```sql\nDELETE FROM audit_log\nWHERE created_at"), "SQL fenced whole: " + markdown);
        assertTrue(markdown.contains("ALTER ROLE app PASSWORD '******'"), "the secret literal masked: " + markdown);
    }

    @Test
    void thePlanReportShowsThoseFactsInChromium() throws Exception {
        assumeTrue(Files.isExecutable(FleetReportInChromiumTest.CHROMIUM), "chromium not installed: apt-get install chromium");
        plan("--report", "html", "--report-dir", reportDir.toString());
        Path png = dir.resolve("plan-report.png");
        String dom = FleetReportInChromiumTest.chromium(reportDir.resolve("report.html").toUri().toString(),
                dir.resolve("chromium"), png);
        // Kept where a person can look at it after the build.
        Files.copy(png, Path.of("target", "plan-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String page = unescapeHtml(dom);
        for (String fact : List.of("DRY RUN / PLAN", "It rotates a role's password", "ALTER ROLE app PASSWORD '******'",
                "API_TOKEN=******  (${params.api_token})", "table=orders, column=customer_id, ref_table=customers",
                "DELETE FROM audit_log", "WHERE created_at < now() - interval '90 days';", "Has the MR been merged?",
                "alice, bob", "Put the old password back from the vault entry app/db (region eu-west-1).",
                "result >= 130000", "when: params.deep is false", "read only: no lock, no journal; connected at first use",
                "restarts target db (its run lock is re-taken and verified after)")) {
            assertTrue(page.contains(fact), "the rendered page lacks '" + fact + "'");
        }
        for (String secret : List.of(SECRET_PARAM, URL_PASSWORD, NEW_PASSWORD)) assertFalse(dom.contains(secret), secret);
    }

    /** What each precondition and step shows, by item: the values every format must contain. */
    private static Map<String, List<String>> itemValues(PlanView view) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (view.description() != null) out.put("runbook", List.of(view.description()));
        for (List<PlanView.Item> items : List.of(view.preconditions(), view.steps())) {
            for (PlanView.Item i : items) {
                List<String> values = new ArrayList<>();
                values.add(i.id());
                if (i.title() != null) values.add(i.title());
                if (i.verdict().detail() != null) values.add(i.verdict().detail());
                values.add(i.body().text());
                if (i.rollback() != null) values.add(i.rollback().body().text());
                for (PlanView.Fact f : i.details()) if (f.value() != null) values.add(f.value());
                out.put(i.id(), values);
            }
        }
        return out;
    }

    private static boolean contains(String format, String out, String wanted) {
        if (out.contains(wanted)) return true;
        if (format.equals("text")) return out.contains(Printable.text(wanted));
        return format.endsWith("md") || format.equals("markdown") ? out.contains(MarkdownText.text(wanted)) : false;
    }

    /** Every string value of a JSON document, one a line: where a fact may stand. */
    private static String strings(String json) throws Exception {
        StringBuilder sb = new StringBuilder();
        collect(new ObjectMapper().readTree(json), sb);
        return sb.toString();
    }

    private static void collect(JsonNode node, StringBuilder sb) {
        if (node.isTextual()) sb.append(node.asText()).append('\n');
        node.forEach(child -> collect(child, sb));
    }

    private static String unescapeHtml(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&#x60;", "`").replace("&#x3D;", "=").replace("&amp;", "&");
    }
}
