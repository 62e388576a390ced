package dev.runbook.journal;

import dev.runbook.plan.PlannedTarget;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which run lock to take on one database target: the target's {@code lock} scope ({@code runbook},
 * {@code target} or {@code none}), who asks (run id, operator), where its journal is (to tell a holder's
 * start time), and how long to wait ({@link Duration#ZERO}: fail at once).
 */
public record LockRequest(String target, String scope, String runbookId, String runId, String operator,
                          String journalTable, Duration timeout) {

    public LockRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(runbookId, "runbookId");
        Objects.requireNonNull(runId, "runId");
        scope = scope == null ? "runbook" : scope.strip().toLowerCase(Locale.ROOT);
        if (!scope.equals("runbook") && !scope.equals("target") && !scope.equals("none")) {
            throw new IllegalArgumentException("unknown lock scope '" + scope + "': expected runbook, target or none");
        }
        timeout = timeout == null ? Duration.ZERO : timeout;
        if (timeout.isNegative()) throw new IllegalArgumentException("lock timeout must not be negative: " + timeout);
    }

    /** The request for a planned database target, with {@code --lock-timeout}. */
    public static LockRequest of(PlannedTarget target, String runbookId, String runId, String operator, Duration timeout) {
        return new LockRequest(target.name(), target.lockScope(), runbookId, runId, operator, target.journalTable(),
                timeout);
    }

    /** Lock scope of the whole target; runbook-scoped runs hold it shared. */
    String targetScope() {
        return "target/" + target;
    }

    /** Lock scope of this runbook on this target. */
    String runbookScope() {
        return "runbook/" + target + "/" + runbookId;
    }

    /** The connection's application name while it holds the lock, read back by whoever is kept out. */
    String applicationName() {
        return LockHolder.applicationName(runId, operator);
    }
}
