package dev.runbook.exec;

import dev.runbook.expr.Expressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates an {@code expect:} expression over a result and says, in words, what was expected and what was found. */
final class Expectations {
    private static final int MAX_VALUE_TEXT = 200;

    private final Expressions expressions;

    Expectations(Expressions expressions) {
        this.expressions = expressions;
    }

    /** The outcome of one expectation: whether it held, and the expected/actual pair for the report. */
    record Verdict(boolean ok, String expected, String actual, String problem) {}

    Verdict check(String expression, Map<String, Object> vars, Map<String, Object> captures) {
        String actual = actual(expression, captures);
        try {
            boolean ok = expressions.test(expression, vars);
            return new Verdict(ok, expression, actual, ok ? null : "expected " + expression + ", got " + actual);
        } catch (RuntimeException e) {
            String hint = captures.containsKey("count") && Long.valueOf(0).equals(captures.get("count"))
                    ? " (the query returned no rows, so result is null)" : "";
            return new Verdict(false, expression, actual, "expectation " + expression + " could not be evaluated: "
                    + e.getMessage() + hint);
        }
    }

    /** The captures the expression reads, as "count = 3, result = 7"; all scalar captures if it reads none. */
    String actual(String expression, Map<String, Object> captures) {
        List<String> parts = new ArrayList<>();
        try {
            for (List<String> path : expressions.variables(expression)) {
                String root = path.get(0);
                if (captures.containsKey(root) && parts.stream().noneMatch(p -> p.startsWith(root + " = "))) {
                    parts.add(root + " = " + show(captures.get(root)));
                }
            }
        } catch (RuntimeException e) {
            // An expression that does not parse is reported by check(); show the plain captures instead.
        }
        if (parts.isEmpty()) {
            captures.forEach((k, v) -> {
                if (!(v instanceof Map) && !(v instanceof List)) parts.add(k + " = " + show(v));
            });
        }
        return String.join(", ", parts);
    }

    static String show(Object v) {
        if (v == null) return "null";
        if (v instanceof List<?> l && l.size() > 3) {
            return "[" + l.size() + " items: " + cut(l.subList(0, 3).toString()) + " …]";
        }
        String s = v instanceof String str ? "'" + str + "'" : v.toString();
        return cut(s);
    }

    private static String cut(String s) {
        return s.length() <= MAX_VALUE_TEXT ? s : s.substring(0, MAX_VALUE_TEXT) + "…";
    }
}
