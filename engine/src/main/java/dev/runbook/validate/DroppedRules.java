package dev.runbook.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of a schema's {@code $defs}, all of whose findings validate drops, need not be evaluated at all: those whose
 * pass or fail no other rule judges. A def qualifies when it refers to nothing (every finding it makes is located
 * inside it, so dropped) and every reference that reaches it, directly or through the defs that refer to it, passes
 * its findings up as they are ({@code allOf}, {@code properties}, {@code items}, ...) rather than deciding by them
 * ({@code oneOf}, {@code anyOf}, {@code not}, {@code if}, ...). Such a def can be {@code true} in the schema the tool
 * checks with, and the findings it reports are the same.
 */
final class DroppedRules {
    private static final Set<String> PASSING_MAPS = Set.of("properties", "patternProperties", "dependentSchemas");
    private static final Set<String> PASSING_LISTS = Set.of("allOf", "prefixItems");
    private static final Set<String> PASSING_ONE = Set.of("additionalProperties", "items", "then", "else");
    private static final Set<String> JUDGING_LISTS = Set.of("oneOf", "anyOf");
    private static final Set<String> JUDGING_ONE = Set.of("not", "if", "contains", "propertyNames",
            "additionalItems", "unevaluatedProperties", "unevaluatedItems");
    /** Keywords whose results depend on what else was evaluated: with them anywhere, nothing is left out. */
    private static final Set<String> CONTEXTUAL = Set.of("unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
            "$recursiveRef");
    private static final String DEFS = "#/$defs/";

    private record Ref(String owner, String target, boolean judged) {}

    private DroppedRules() {}

    /** The names among {@code dropped} that can be left out of {@code schema} (a draft 2020-12 schema's tree). */
    static Set<String> unjudged(JsonNode schema, Set<String> dropped) {
        List<Ref> refs = new ArrayList<>();
        Set<String> contextual = new HashSet<>();
        walk(schema, null, false, refs, contextual, true);
        JsonNode defs = schema.path("$defs");
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> def = it.next();
            walk(def.getValue(), def.getKey(), false, refs, contextual, false);
        }
        // A reference under a keyword not known here could judge a def: then nothing is left out.
        if (!contextual.isEmpty() || refs.size() != countRefs(schema)) return Set.of();
        Set<String> judged = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Ref r : refs) {
                String name = defName(r.target());
                if (name != null && (r.judged() || judged.contains(r.owner())) && judged.add(name)) grew = true;
            }
        }
        Set<String> out = new TreeSet<>();
        for (String name : dropped) {
            if (!defs.has(name) || judged.contains(name)) continue;
            boolean refersOrIsReachedInside = refs.stream().anyMatch(r -> name.equals(r.owner())
                    || r.target().startsWith(DEFS + name + "/"));
            if (!refersOrIsReachedInside) out.add(name);
        }
        return out;
    }

    /** The def a reference names whole ({@code #/$defs/NAME}), else null. */
    private static String defName(String target) {
        if (!target.startsWith(DEFS)) return null;
        String name = target.substring(DEFS.length());
        return name.contains("/") ? null : name.replace("~1", "/").replace("~0", "~");
    }

    private static void walk(JsonNode node, String owner, boolean judged, List<Ref> refs, Set<String> contextual,
                             boolean root) {
        if (!node.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (CONTEXTUAL.contains(key)) contextual.add(key);
            if (key.equals("$ref") && value.isTextual()) {
                refs.add(new Ref(owner, value.asText(), judged));
            } else if (key.equals("$defs") && !root) {
                // A def nested in another is reached only by a longer pointer, which leaves its outer def in.
                value.forEach(child -> walk(child, owner, judged, refs, contextual, false));
            } else if (PASSING_MAPS.contains(key)) {
                value.forEach(child -> walk(child, owner, judged, refs, contextual, false));
            } else if (PASSING_LISTS.contains(key) || JUDGING_LISTS.contains(key)) {
                boolean decides = judged || JUDGING_LISTS.contains(key);
                value.forEach(child -> walk(child, owner, decides, refs, contextual, false));
            } else if (PASSING_ONE.contains(key) || JUDGING_ONE.contains(key)) {
                boolean decides = judged || JUDGING_ONE.contains(key);
                if (value.isArray()) value.forEach(child -> walk(child, owner, decides, refs, contextual, false));
                else walk(value, owner, decides, refs, contextual, false);
            }
        }
    }

    /** Every {@code $ref} in the tree, wherever it sits. */
    private static int countRefs(JsonNode node) {
        int n = node.isObject() && node.path("$ref").isTextual() ? 1 : 0;
        for (JsonNode child : node) n += countRefs(child);
        return n;
    }
}
