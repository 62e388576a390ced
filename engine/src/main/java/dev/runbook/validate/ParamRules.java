package dev.runbook.validate;

import dev.runbook.model.ParamSpec;
import java.util.regex.Pattern;

/** The rules a param value must satisfy; one place for validate (defaults) and plan (given values). */
public final class ParamRules {
    private ParamRules() {}

    /** Returns null when the value is acceptable, else what is wrong ("must match ^OPS-[0-9]+$"). */
    public static String check(ParamSpec p, String value) {
        switch (p.type()) {
            case INTEGER: {
                long v;
                try {
                    v = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return "must be an integer, got '" + value + "'";
                }
                if (p.min() != null && v < p.min()) return "must be at least " + p.min();
                if (p.max() != null && v > p.max()) return "must be at most " + p.max();
                return null;
            }
            case BOOLEAN:
                return value.equals("true") || value.equals("false") ? null : "must be true or false, got '" + value + "'";
            case ENUM:
                return p.values().contains(value) ? null : "must be one of " + String.join(", ", p.values());
            case LIST: {
                for (String item : items(value)) {
                    if (item.isEmpty()) return "has an empty item: write a,b,c";
                    String problem = matches(p, item);
                    if (problem != null) return "item '" + item + "' " + problem;
                }
                return null;
            }
            default:
                return matches(p, value);
        }
    }

    private static String matches(ParamSpec p, String value) {
        if (p.pattern() == null) return null;
        try {
            return Pattern.compile(p.pattern()).matcher(value).matches() ? null : "must match " + p.pattern();
        } catch (RuntimeException e) {
            return "cannot be checked: the pattern is invalid";
        }
    }

    /** The items of a list value as given on the command line: comma-separated, each trimmed. */
    private static java.util.List<String> items(String value) {
        if (value.isBlank()) return java.util.List.of();
        return java.util.Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }

    /** Converts a checked string into the value expressions see (Long, Boolean, String or a list of strings). */
    public static Object typed(ParamSpec p, String value) {
        return switch (p.type()) {
            case INTEGER -> Long.parseLong(value.trim());
            case BOOLEAN -> Boolean.parseBoolean(value);
            case LIST -> items(value);
            default -> value;
        };
    }
}
