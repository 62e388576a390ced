package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Parses possibly qualified, possibly already quoted names into parts, and quotes parts again. */
final class Identifiers {

    private Identifiers() {
    }

    /**
     * The unquoted parts of {@code name}: a dot separates parts unless it is inside a quoted part.
     *
     * @param quotes pairs of opening and closing quote characters accepted, e.g. {@code "\"\"[]"}
     */
    static List<String> parts(String name, String quotes) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("identifier must not be blank");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < name.length() && Character.isWhitespace(name.charAt(i))) {
                i++;
            }
            int quote = i < name.length() ? openingQuoteIndex(quotes, name.charAt(i)) : -1;
            StringBuilder part = new StringBuilder();
            if (quote >= 0) {
                i = readQuoted(name, i + 1, quotes.charAt(quote + 1), part);
                while (i < name.length() && Character.isWhitespace(name.charAt(i))) {
                    i++;
                }
            } else {
                int end = name.indexOf('.', i);
                end = end < 0 ? name.length() : end;
                part.append(name.substring(i, end).strip());
                i = end;
            }
            if (part.length() == 0) {
                throw new IllegalArgumentException("identifier has an empty part: " + name);
            }
            if (part.indexOf("\0") >= 0) {
                throw new IllegalArgumentException("identifier must not contain NUL: " + name);
            }
            parts.add(part.toString());
            if (i == name.length()) {
                return List.copyOf(parts);
            }
            if (name.charAt(i) != '.') {
                throw new IllegalArgumentException("unexpected text after a quoted identifier part: " + name);
            }
            i++;
        }
    }

    /** Each part wrapped in {@code open}/{@code close}, a {@code close} inside doubled, joined by dots. */
    static String quote(List<String> parts, char open, char close) {
        String doubled = String.valueOf(close) + close;
        return parts.stream()
                .map(p -> open + p.replace(String.valueOf(close), doubled) + close)
                .collect(Collectors.joining("."));
    }

    private static int openingQuoteIndex(String quotes, char c) {
        for (int q = 0; q < quotes.length(); q += 2) {
            if (quotes.charAt(q) == c) {
                return q;
            }
        }
        return -1;
    }

    private static int readQuoted(String name, int from, char close, StringBuilder part) {
        int i = from;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != close) {
                part.append(c);
                i++;
            } else if (i + 1 < name.length() && name.charAt(i + 1) == close) {
                part.append(close);
                i += 2;
            } else {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated quoted identifier: " + name);
    }
}
