package dev.runbook.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * How many targets one wave takes: a count, a percentage of the whole fleet (rounded up, at least one), or every
 * remaining target with a label. Written {@code 5}, {@code 25%}, {@code label:eu}.
 */
public sealed interface WaveSpec permits WaveSpec.Count, WaveSpec.Percent, WaveSpec.Label {
    record Count(int count) implements WaveSpec {
        @Override
        public String toString() {
            return Integer.toString(count);
        }
    }

    record Percent(int percent) implements WaveSpec {
        @Override
        public String toString() {
            return percent + "%";
        }
    }

    record Label(String label) implements WaveSpec {
        @Override
        public String toString() {
            return "label:" + label;
        }
    }

    /** One spec; IllegalArgumentException with the expected forms when it is none of them. */
    public static WaveSpec parseOne(String text) {
        return parse(text);
    }

    private static WaveSpec parse(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("label:") && t.length() > 6) return new Label(t.substring(6));
            if (t.endsWith("%")) {
                int p = Integer.parseInt(t.substring(0, t.length() - 1));
                if (p >= 1 && p <= 100) return new Percent(p);
            } else {
                int n = Integer.parseInt(t);
                if (n >= 1) return new Count(n);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a wave size: write a count (5), a percentage of the"
                + " fleet (25%) or label:NAME");
    }

    /** A comma-separated list such as {@code 1,5,25%,100%}. */
    public static List<WaveSpec> parseList(String text) {
        List<WaveSpec> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) out.add(parse(part));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no wave sizes given: write e.g. 1,5,25%,100%");
        return List.copyOf(out);
    }

    /** How many of {@code total} targets a count or percentage takes. */
    default int size(int total) {
        if (this instanceof Count c) return c.count();
        if (this instanceof Percent p) return Math.max(1, (int) Math.ceil(p.percent() * (double) total / 100));
        throw new IllegalStateException("a label wave has no size");
    }
}
