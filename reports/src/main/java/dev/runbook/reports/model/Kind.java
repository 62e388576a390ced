package dev.runbook.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What role an item plays in a run. */
public enum Kind {
    PRECONDITION("precondition"),
    STEP("step"),
    CHECK("check"),
    ROLLBACK("rollback");

    private final String wire;

    Kind(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used in the event log and in every report. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; an unknown name is an error because format version 1 fixes the set. */
    @JsonCreator
    public static Kind fromWire(String wire) {
        for (Kind value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + wire + "'");
    }
}
