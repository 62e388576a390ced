package dev.runbook.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The state of one item; {@code would_run} and {@code would_skip} only appear in plan reports. */
public enum Status {
    OK("ok"),
    FAILED("failed"),
    SKIPPED("skipped"),
    WARNED("warned"),
    INTERRUPTED("interrupted"),
    NOT_REHEARSED("not_rehearsed"),
    WOULD_RUN("would_run"),
    WOULD_SKIP("would_skip");

    private final String wire;

    Status(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used in the event log and in every report. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; an unknown name is an error because format version 1 fixes the set. */
    @JsonCreator
    public static Status fromWire(String wire) {
        for (Status value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown status '" + wire + "'");
    }
}
