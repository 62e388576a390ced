package dev.runbook.attach;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Authorization header for a ticket system, from environment variables only (never from the command
 * line, where it would land in shell history and process lists), and the values to mask in every message.
 */
record Credentials(String header, List<String> secrets) {

    /** @throws IllegalArgumentException with the ticket's hint when the variables are not set */
    static Credentials of(Ticket ticket, Map<String, String> env) {
        if (ticket instanceof Ticket.Jira) {
            String user = value(env, "RUNBOOK_JIRA_USER");
            String token = value(env, "RUNBOOK_JIRA_TOKEN");
            if (token == null) throw missing(ticket);
            return user == null ? new Credentials("Bearer " + token, List.of(token)) : basic(user, token);
        }
        if (ticket instanceof Ticket.ServiceNow) {
            String user = value(env, "RUNBOOK_SERVICENOW_USER");
            String password = value(env, "RUNBOOK_SERVICENOW_PASSWORD");
            if (user == null || password == null) throw missing(ticket);
            return basic(user, password);
        }
        String token = value(env, "RUNBOOK_GITHUB_TOKEN");
        if (token == null) token = value(env, "GITHUB_TOKEN");
        if (token == null) throw missing(ticket);
        return new Credentials("Bearer " + token, List.of(token));
    }

    private static Credentials basic(String user, String secret) {
        String encoded = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return new Credentials("Basic " + encoded, List.of(secret, encoded));
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static IllegalArgumentException missing(Ticket ticket) {
        return new IllegalArgumentException("no credentials for the " + ticket.describe() + ": " + ticket.credentialsHint());
    }

    @Override
    public String toString() {
        return "Credentials[******]";
    }
}
