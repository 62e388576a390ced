package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/** A typed input of the runbook, given with --param or a params file. */
public record ParamSpec(String name, Position pos, ParamType type, String description, boolean required,
                        String defaultValue, String pattern, List<String> values, Long min, Long max, boolean secret) {
    /** LIST: comma-separated on the command line ({@code -p indexes=a,b}) or a YAML list as default; items are strings. */
    public enum ParamType { STRING, INTEGER, BOOLEAN, ENUM, LIST }
}
