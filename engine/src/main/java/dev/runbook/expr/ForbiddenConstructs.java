package dev.runbook.expr;

import dev.runbook.model.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, before JEXL parses anything, what the sandbox would refuse at run time and what would hurt the
 * parser: the names of members the {@link SandboxPermissions} deny, however written ({@code .getClass()},
 * {@code .'class'}, {@code ['class']}, {@code ./*c*&#47;getClass()}, {@code '\u0063lass'}), computed member
 * names (which could spell any of them), object creation, several statements, and expressions too long or
 * nested too deep for the recursive parser. So validate reports them with exit 2.
 */
final class ForbiddenConstructs {
    /** Reflection reaches Java itself; each is also denied (or unreachable) at run time. */
    private static final Set<String> REFLECTION = Set.of("class", "getclass", "forname", "getclassloader", "classloader",
            "getmethod", "getmethods", "getfield", "getfields", "getconstructor", "getconstructors", "invoke",
            "newinstance", "getdeclaredmethod", "getdeclaredmethods", "getdeclaredfield", "getdeclaredfields",
            "getdeclaredconstructor", "getdeclaredconstructors", "getmodule", "getruntime", "exec");

    private enum Kind { WORD, STRING, TEMPLATE_STRING, NUMBER, SYMBOL }

    /** One token; {@code text} is a string literal's value with its escapes decoded. */
    private record Token(Kind kind, String text) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private ForbiddenConstructs() {}

    /** Returns a description of the first forbidden construct in an expression, or null. */
    static String find(String source) {
        if (source.length() > Limits.MAX_EXPRESSION_LENGTH) {
            return String.format("an expression of %,d characters (the limit is %,d)", source.length(),
                    Limits.MAX_EXPRESSION_LENGTH);
        }
        List<Token> tokens;
        try {
            tokens = tokenize(source);
        } catch (IllegalArgumentException unterminated) {
            return null; // JEXL reports the syntax error with its own words
        }
        int depth = 0;
        int unary = 0;
        int ternaries = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token prev = i > 0 ? tokens.get(i - 1) : null;
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (t.is("(") || t.is("[") || t.is("{")) depth++;
            if (t.is(")") || t.is("]") || t.is("}")) depth = Math.max(0, depth - 1);
            if (t.is("?")) ternaries++;
            boolean unaryOperator = (t.is("!") || t.is("-") || t.is("+") || t.is("~")
                    || (t.kind == Kind.WORD && t.text.equals("not"))) && !endsOperand(prev);
            unary = unaryOperator ? unary + 1 : 0;
            if (depth + unary + ternaries > Limits.MAX_EXPRESSION_DEPTH) {
                return "nesting deeper than " + Limits.MAX_EXPRESSION_DEPTH + " levels (brackets, unary operators, ?:)";
            }
            if (t.is(";")) return "more than one statement (';')";
            if (t.kind == Kind.WORD && t.text.equals("new") && next != null && next.is("(")) return "creating objects (new)";
            boolean member = prev != null && (prev.is(".") || prev.is("?.")) && (t.kind == Kind.WORD || t.kind == Kind.STRING);
            if (member && denied(t.text)) return "access to Java classes ('." + t.text + "')";
            if (member && t.kind == Kind.TEMPLATE_STRING) return "a computed member name";
            if (t.kind == Kind.WORD && next != null && next.is("(") && denied(t.text)) {
                return "access to Java classes ('" + t.text + "()')";
            }
            if (t.is("[") && endsOperand(prev)) {
                String problem = subscript(tokens, i + 1);
                if (problem != null) return problem;
            }
        }
        return null;
    }

    /** Checks every ${...} and #{...} part of a template like an expression; the text around them is free. */
    static String findInTemplate(String template) {
        for (String part : templateParts(template)) {
            String problem = find(part);
            if (problem != null) return problem;
        }
        return null;
    }

    /** A subscript must be one literal: {@code rows[0]}, {@code steps['migrate-008']}. */
    private static String subscript(List<Token> tokens, int from) {
        int close = from;
        while (close < tokens.size() && !tokens.get(close).is("]")) close++;
        boolean literal = close == from + 1
                && (tokens.get(from).kind == Kind.STRING || tokens.get(from).kind == Kind.NUMBER);
        if (!literal) {
            return "a computed member name ('[...]' must hold one string or number literal)";
        }
        Token key = tokens.get(from);
        return key.kind == Kind.STRING && denied(key.text) ? "access to Java classes ('['" + key.text + "']')" : null;
    }

    private static boolean endsOperand(Token t) {
        return t != null && (t.kind == Kind.WORD && !t.text.equals("not") && !t.text.equals("and") && !t.text.equals("or")
                || t.kind == Kind.STRING || t.kind == Kind.TEMPLATE_STRING || t.kind == Kind.NUMBER
                || t.is(")") || t.is("]") || t.is("}"));
    }

    /** A name the sandbox denies, as a method or as the property its getter serves ({@code class} is getClass). */
    static boolean denied(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (REFLECTION.contains(lower) || lower.startsWith("getdeclared")) return true;
        if (SandboxPermissions.isDeniedName(name)) return true;
        String getter = name.isEmpty() ? name : "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return SandboxPermissions.isDeniedName(getter) || REFLECTION.contains(getter.toLowerCase(Locale.ROOT));
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
            if (Character.isWhitespace(c)) {
                i++;
            } else if ((c == '/' && next == '/') || (c == '#' && next == '#')) {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else if (c == '/' && next == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) throw new IllegalArgumentException("unterminated comment");
                i = end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                StringBuilder value = new StringBuilder();
                i = quoted(s, i, value);
                boolean template = c == '`' && value.indexOf("${") >= 0;
                out.add(new Token(template ? Kind.TEMPLATE_STRING : Kind.STRING, value.toString()));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) i++;
                out.add(new Token(Kind.NUMBER, s.substring(start, i)));
            } else if (isWordPart(c) || c == '\\') {
                StringBuilder word = new StringBuilder();
                while (i < s.length() && (isWordPart(s.charAt(i)) || s.charAt(i) == '\\')) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) i++; // JEXL's escaped identifier characters
                    word.append(s.charAt(i++));
                }
                out.add(new Token(Kind.WORD, word.toString()));
            } else if (c == '?' && next == '.') {
                out.add(new Token(Kind.SYMBOL, "?."));
                i += 2;
            } else if (c == '?' && (next == '?' || next == ':')) {
                out.add(new Token(Kind.SYMBOL, "?" + next)); // ?? and ?: do not nest
                i += 2;
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
    }

    /** Reads a quoted literal starting at {@code i}, decoding escapes the way JEXL does; returns the index after it. */
    private static int quoted(String s, int i, StringBuilder value) {
        char quote = s.charAt(i++);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == quote) return i + 1;
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(i + 1);
                if (e == 'u' && isHex(s, i + 2, 4)) {
                    value.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 6;
                    continue;
                }
                value.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> e;
                });
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private static boolean isHex(String s, int from, int count) {
        if (from + count > s.length()) return false;
        for (int k = from; k < from + count; k++) if (Character.digit(s.charAt(k), 16) < 0) return false;
        return true;
    }

    /** The expressions inside ${...} and #{...}, matched by brace depth outside their string literals. */
    private static List<String> templateParts(String template) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length() - 1) {
            char c = template.charAt(i);
            if ((c == '$' || c == '#') && template.charAt(i + 1) == '{' && (i == 0 || template.charAt(i - 1) != '\\')) {
                int start = i + 2;
                int depth = 1;
                int j = start;
                while (j < template.length() && depth > 0) {
                    char d = template.charAt(j);
                    if (d == '\'' || d == '"' || d == '`') {
                        try {
                            j = quoted(template, j, new StringBuilder());
                        } catch (IllegalArgumentException unterminated) {
                            j = template.length();
                        }
                        continue;
                    }
                    if (d == '{') depth++;
                    if (d == '}') depth--;
                    j++;
                }
                parts.add(template.substring(start, depth == 0 ? j - 1 : j));
                i = j;
            } else {
                i++;
            }
        }
        return parts;
    }
}
