package dev.runbook.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a run was started; {@code plan} marks a dry-run report that executed nothing. */
public enum Mode {
    RUN("run"),
    REHEARSAL("rehearsal"),
    RESUME("resume"),
    PLAN("plan");

    private final String wire;

    Mode(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used in the event log and in every report. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; an unknown name is an error because format version 1 fixes the set. */
    @JsonCreator
    public static Mode fromWire(String wire) {
        for (Mode value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + wire + "'");
    }
}
