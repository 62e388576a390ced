package dev.runbook.plan;

/** A parameter's final value and where it came from (cli, params file, default). */
public record ResolvedParam(String name, String type, Object value, boolean secret, String source) {

    /** The value as {@code -p name=value} takes it back (a list comma-separated), e.g. for resume; null when none. */
    public String asArgument() {
        if (value == null) return null;
        if (value instanceof java.util.Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
