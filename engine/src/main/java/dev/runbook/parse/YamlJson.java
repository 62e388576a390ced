package dev.runbook.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.diag.Position;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON view of a YAML tree, for JSON Schema validation, with the YAML tree beside it so schema findings point at
 * the user's file. Positions are looked up by walking the tree when a finding asks: an index from every JSON pointer
 * (two maps of 100,000 pointer strings for a 10,000-step runbook) cost more than the schema check reading them.
 */
public record YamlJson(JsonNode json, YNode root) {

    public static YamlJson of(YNode root) {
        return new YamlJson(convert(root), root);
    }

    /** Position of the value at a JSON pointer, falling back to the nearest parent that has one. */
    public Position positionOf(String pointer) {
        YNode node = root;
        for (String name : names(pointer)) {
            YNode child = child(node, name);
            if (child == null) break;
            node = child;
        }
        return node.pos();
    }

    /** Position of a key at a JSON pointer (the key itself), else of its value. */
    public Position keyPositionOf(String pointer) {
        List<String> names = names(pointer);
        YNode parent = root;
        for (int i = 0; parent != null && i < names.size() - 1; i++) parent = child(parent, names.get(i));
        if (!names.isEmpty() && parent instanceof YNode.YMap map) {
            YNode.Entry e = map.entries().get(names.get(names.size() - 1));
            if (e != null) return e.keyPos();
        }
        return positionOf(pointer);
    }

    /** The child a pointer's name reaches: a mapping's key, or a list's index written as the pointer writes it. */
    private static YNode child(YNode node, String name) {
        if (node instanceof YNode.YMap map) return map.get(name);
        if (node instanceof YNode.YSeq seq && !name.isEmpty() && name.chars().allMatch(Character::isDigit)
                && (name.length() == 1 || name.charAt(0) != '0') && name.length() < 10) {
            int i = Integer.parseInt(name);
            return i < seq.items().size() ? seq.items().get(i) : null;
        }
        return null;
    }

    /** The unescaped names of a JSON pointer ("" is the root; "/a~1b/0" is [a/b, 0]). */
    private static List<String> names(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) return out;
        for (String part : pointer.substring(1).split("/", -1)) out.add(part.replace("~1", "/").replace("~0", "~"));
        return out;
    }

    private static JsonNode convert(YNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof YNode.YMap map) {
            ObjectNode o = f.objectNode();
            for (YNode.Entry e : map.entries().values()) o.set(e.key(), convert(e.value()));
            return o;
        }
        if (node instanceof YNode.YSeq seq) {
            ArrayNode a = f.arrayNode();
            for (YNode item : seq.items()) a.add(convert(item));
            return a;
        }
        YNode.YScalar s = (YNode.YScalar) node;
        switch (s.type()) {
            case NULL: return f.nullNode();
            case BOOL: return f.booleanNode(isTrue(s.text()));
            case INT: {
                BigInteger v = parseInt(s.text());
                return v == null ? f.textNode(s.text()) : f.numberNode(v);
            }
            case FLOAT:
                try {
                    return f.numberNode(Double.parseDouble(s.text()));
                } catch (NumberFormatException e) {
                    return f.textNode(s.text());
                }
            default: return f.textNode(s.text());
        }
    }

    /** True for the booleans YAML 1.2 knows ({@link Yaml12Resolver}); {@code yes}/{@code on} are strings, not true. */
    static boolean isTrue(String text) {
        return Yaml12Resolver.isTrue(text);
    }

    /** An integer as YAML 1.2's core schema reads it: decimal (leading zeros too), 0o octal, 0x hex. */
    static BigInteger parseInt(String text) {
        try {
            if (text.startsWith("0o")) return new BigInteger(text.substring(2), 8);
            if (text.startsWith("0x")) return new BigInteger(text.substring(2), 16);
            return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
