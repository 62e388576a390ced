package dev.runbook.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Severity of a log event. */
public enum LogLevel {
    INFO("info"),
    WARN("warn"),
    ERROR("error");

    private final String wire;

    LogLevel(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used in the event log and in every report. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; an unknown name is an error because format version 1 fixes the set. */
    @JsonCreator
    public static LogLevel fromWire(String wire) {
        for (LogLevel value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown loglevel '" + wire + "'");
    }
}
