package dev.runbook.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where one fleet target stands. NOT_STARTED: the canary failed or the error budget ran out before its turn. */
public enum TargetStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, NOT_STARTED;

    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean done() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
