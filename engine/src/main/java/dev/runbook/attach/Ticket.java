package dev.runbook.attach;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The change ticket a run's reports go to, read from the address the user copies from the browser: a Jira
 * issue ({@code https://jira.example.com/browse/OPS-42}), a ServiceNow change request
 * ({@code https://x.service-now.com/change_request.do?sys_id=...}) or a GitHub pull request or issue
 * ({@code https://github.com/OWNER/REPO/pull/12}).
 */
public sealed interface Ticket {
    /** A human name for messages: "Jira issue OPS-42". */
    String describe();

    /** The environment variables this system's credentials come from, for the hint when they are missing. */
    String credentialsHint();

    record Jira(URI base, String key) implements Ticket {
        public String describe() {
            return "Jira issue " + key;
        }

        public String credentialsHint() {
            return "set RUNBOOK_JIRA_TOKEN (a personal access token), or RUNBOOK_JIRA_USER and RUNBOOK_JIRA_TOKEN (an API token)";
        }
    }

    record ServiceNow(URI base, String sysId) implements Ticket {
        public String describe() {
            return "ServiceNow change_request " + sysId;
        }

        public String credentialsHint() {
            return "set RUNBOOK_SERVICENOW_USER and RUNBOOK_SERVICENOW_PASSWORD";
        }
    }

    record GitHub(URI api, String owner, String repo, int number) implements Ticket {
        public String describe() {
            return "GitHub " + owner + "/" + repo + "#" + number;
        }

        public String credentialsHint() {
            return "set GITHUB_TOKEN (or RUNBOOK_GITHUB_TOKEN) to a token that may comment on " + owner + "/" + repo;
        }
    }

    Pattern JIRA = Pattern.compile("^(.*?)/browse/([A-Z][A-Z0-9_]*-[0-9]+)/?$");
    Pattern SYS_ID = Pattern.compile("(?:^|[?&])sys_id(?:=|%3D)([0-9a-fA-F]{32})");
    Pattern GITHUB = Pattern.compile("^/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/(?:pull|issues)/([0-9]{1,9})/?$");

    /** @throws IllegalArgumentException naming the address shapes understood */
    static Ticket parse(String address) {
        URI uri;
        try {
            uri = URI.create(address.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + address + "' is not an http(s) URL of a ticket");
        }
        URI root = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        Matcher jira = JIRA.matcher(path);
        if (jira.matches()) return new Jira(URI.create(root + jira.group(1)), jira.group(2));
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Matcher sys = SYS_ID.matcher(query);
        if ((path.contains("change_request") || query.contains("change_request")) && sys.find()) {
            return new ServiceNow(root, sys.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        Matcher gh = GITHUB.matcher(path);
        if (gh.matches()) {
            // github.com's API lives on api.github.com; GitHub Enterprise Server serves it under /api/v3.
            URI api = uri.getHost().equalsIgnoreCase("github.com") ? URI.create("https://api.github.com")
                    : URI.create(root + "/api/v3");
            return new GitHub(api, gh.group(1), gh.group(2), Integer.parseInt(gh.group(3)));
        }
        throw new IllegalArgumentException("'" + address + "' is no ticket address Runbook knows: give a Jira issue"
                + " (https://HOST/browse/KEY-1), a ServiceNow change request (https://HOST/change_request.do?sys_id=ID)"
                + " or a GitHub pull request or issue (https://github.com/OWNER/REPO/pull/N)");
    }
}
