package dev.runbook.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.diag.Position;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON view of a YAML tree, for JSON Schema validation, with an index from JSON pointers back to
 * YAML positions so schema findings point at the user's file.
 */
public record YamlJson(JsonNode json, Map<String, Position> valuePositions, Map<String, Position> keyPositions) {

    public static YamlJson of(YNode root) {
        Map<String, Position> values = new HashMap<>();
        Map<String, Position> keys = new HashMap<>();
        JsonNode json = convert(root, "", values, keys);
        return new YamlJson(json, java.util.Collections.unmodifiableMap(values), java.util.Collections.unmodifiableMap(keys));
    }

    /** Position of the value at a JSON pointer, falling back to the nearest parent that has one. */
    public Position positionOf(String pointer) {
        String p = pointer;
        while (true) {
            Position at = valuePositions.get(p);
            if (at != null) return at;
            if (p.isEmpty()) return valuePositions.get("");
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    /** Position of a key at a JSON pointer (the key itself), else of its value. */
    public Position keyPositionOf(String pointer) {
        Position at = keyPositions.get(pointer);
        return at != null ? at : positionOf(pointer);
    }

    private static JsonNode convert(YNode node, String ptr, Map<String, Position> values, Map<String, Position> keys) {
        values.put(ptr, node.pos());
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof YNode.YMap map) {
            ObjectNode o = f.objectNode();
            for (YNode.Entry e : map.entries().values()) {
                String child = ptr + "/" + escape(e.key());
                keys.put(child, e.keyPos());
                o.set(e.key(), convert(e.value(), child, values, keys));
            }
            return o;
        }
        if (node instanceof YNode.YSeq seq) {
            ArrayNode a = f.arrayNode();
            int i = 0;
            for (YNode item : seq.items()) a.add(convert(item, ptr + "/" + i++, values, keys));
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

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
