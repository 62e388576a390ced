package dev.runbook.parse;

import dev.runbook.diag.Position;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML node that remembers where it was written; the only shape later phases read. */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {
    Position pos();

    /** A human word for the node's kind, used in "expected X, found Y" messages. */
    String kindName();

    /** A mapping; entries keep file order and their key positions. */
    record YMap(Position pos, Map<String, Entry> entries) implements YNode {
        public YMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        public Position keyPos(String key) {
            Entry e = entries.get(key);
            return e == null ? pos : e.keyPos();
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    record Entry(String key, Position keyPos, YNode value) {}

    record YSeq(Position pos, List<YNode> items) implements YNode {
        public YSeq {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A scalar with its YAML-resolved type: STRING, INT, FLOAT, BOOL or NULL. */
    record YScalar(Position pos, String text, ScalarType type) implements YNode {
        public enum ScalarType { STRING, INT, FLOAT, BOOL, NULL }

        @Override
        public String kindName() {
            return switch (type) {
                case STRING -> "a string";
                case INT -> "an integer";
                case FLOAT -> "a number";
                case BOOL -> "a boolean";
                case NULL -> "null";
            };
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }
    }
}
