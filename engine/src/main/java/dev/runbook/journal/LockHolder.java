package dev.runbook.journal;

import java.time.Instant;

/**
 * Who holds a run lock, as far as the database lets others see: the run id and operator from the holding
 * session's application name ({@code runbook:<run-id>:<operator>}), the run's start from its journal row
 * (else the session's start, when visible), and the server's session id. Unknown parts are null.
 */
public record LockHolder(String runId, String operator, Instant startedAt, String applicationName, String session) {

    static final String PREFIX = "runbook:";

    static String applicationName(String runId, String operator) {
        return PREFIX + runId + ":" + (operator == null || operator.isBlank() ? "unknown" : operator);
    }

    /** Reads run id and operator back from an application name; other applications give nulls. */
    static LockHolder parse(String applicationName, String session, Instant sessionStart) {
        if (applicationName != null && applicationName.startsWith(PREFIX)) {
            String rest = applicationName.substring(PREFIX.length());
            int colon = rest.indexOf(':');
            String runId = colon < 0 ? rest : rest.substring(0, colon);
            String operator = colon < 0 ? null : rest.substring(colon + 1);
            return new LockHolder(runId, operator, sessionStart, applicationName, session);
        }
        return new LockHolder(null, null, sessionStart, applicationName, session);
    }

    LockHolder startedAt(Instant when) {
        return new LockHolder(runId, operator, when, applicationName, session);
    }

    /** e.g. {@code run 20261122-104501-7f3a (operator alice, started 2026-11-22T10:45:01Z)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (runId != null) sb.append("run ").append(runId);
        else sb.append("a session that is not a Runbook run (application '")
                .append(applicationName == null ? "" : applicationName).append("', session ").append(session).append(')');
        if (runId != null) {
            sb.append(" (operator ").append(operator == null ? "unknown" : operator);
            if (startedAt != null) sb.append(", started ").append(startedAt);
            sb.append(')');
        }
        return sb.toString();
    }
}
