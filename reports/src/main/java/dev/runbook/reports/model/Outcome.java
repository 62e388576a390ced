package dev.runbook.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a whole run ended; {@code planned} only appears in plan reports. */
public enum Outcome {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    ROLLED_BACK("rolled_back"),
    PRECONDITION_FAILED("precondition_failed"),
    ROLLBACK_FAILED("rollback_failed"),
    LOCKED("locked"),
    INTERRUPTED("interrupted"),
    INVALID("invalid"),
    AWAITING_APPROVAL("awaiting_approval"),
    PLANNED("planned");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used in the event log and in every report. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; an unknown name is an error because format version 1 fixes the set. */
    @JsonCreator
    public static Outcome fromWire(String wire) {
        for (Outcome value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + wire + "'");
    }
}
