package dev.runbook.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.Position;
import dev.runbook.parse.YamlJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a runbook's JSON view against the published schema (the same file editors use) and turns
 * each finding into a positioned diagnostic with a hint.
 */
public final class SchemaValidator {
    public static final String SCHEMA_RESOURCE = "/dev/runbook/schema/runbook.schema.json";
    static final String FRAGMENT_RESOURCE = "/dev/runbook/schema/fragment.schema.json";

    /**
     * The schema's exactly-one rules ({@code $defs} named here): validate reports them from the model with a
     * better message (RB110-RB114, RB102, RB210), so the schema's generic oneOf/anyOf finding is dropped.
     */
    private static final Set<String> WORDED_BY_THE_MODEL = Set.of("stepKind", "preconditionKind", "rollbackKind",
            "checkSource", "guardSourceKind", "shellBody", "httpUrl", "enumValues", "paramDefault");

    private final JsonNode schemaJson;
    /** Read with the fragment schema, on the first include. */
    private JsonNode fragmentJson;
    /** The published schema less the worded rules no other rule judges ({@link #checked}). */
    private final JsonSchema schema;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    /** Built on the first include: most runbooks have none, and building it was a tenth of a validate's start-up. */
    private JsonSchema fragmentSchema;

    public SchemaValidator() {
        schemaJson = read(SCHEMA_RESOURCE);
        // Not preloaded: each $ref is built when an instance first reaches it, so a runbook with two step kinds does
        // not pay for building all of them (the schema was a quarter of a cold validate).
        config = SchemaValidatorsConfig.builder().pathType(com.networknt.schema.PathType.JSON_POINTER)
                .preloadJsonSchema(false).build();
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        schema = factory.getSchema(checked(schemaJson), config);
    }

    /**
     * The schema a runbook is checked with: the published one with each worded rule that no other rule judges
     * ({@link DroppedRules}) set to true, as its findings would all be dropped. The step's exactly-one-kind rule
     * alone, eight branches of which seven fail on every step, was three quarters of checking a long runbook.
     */
    static JsonNode checked(JsonNode published) {
        ObjectNode lean = published.deepCopy();
        ObjectNode defs = (ObjectNode) lean.get("$defs");
        for (String name : DroppedRules.unjudged(published, WORDED_BY_THE_MODEL)) defs.set(name, BooleanNode.TRUE);
        return lean;
    }

    /** Findings against the published schema as it is, every rule evaluated: what {@link #validate} must equal (tests). */
    List<Diagnostic> validateAgainstPublished(YamlJson doc) {
        return diagnostics(factory.getSchema(schemaJson, config).validate(doc.json()), doc);
    }

    private synchronized JsonSchema fragmentSchema() {
        // Loaded by location so its relative $ref to runbook.schema.json resolves beside it, as in an editor.
        if (fragmentSchema == null) {
            fragmentJson = read(FRAGMENT_RESOURCE);
            fragmentSchema = factory.getSchema(SchemaLocation.of("classpath:" + FRAGMENT_RESOURCE.substring(1)), fragmentJson, config);
        }
        return fragmentSchema;
    }

    private synchronized JsonNode fragmentSchemaJson() {
        fragmentSchema();
        return fragmentJson;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("schema resource missing: " + resource);
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema text, for {@code runbook schema}. */
    public static String schemaText() {
        return schemaText(SCHEMA_RESOURCE);
    }

    /** A published schema's text by its resource path under {@code /dev/runbook/schema/}. */
    public static String schemaText(String resource) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("schema resource missing: " + resource);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Diagnostic> validate(YamlJson doc) {
        return diagnostics(schema.validate(doc.json()), doc);
    }

    /** Validates an include fragment against fragment.schema.json. */
    public List<Diagnostic> validateFragment(YamlJson doc) {
        return diagnostics(fragmentSchema().validate(doc.json()), doc);
    }

    private List<Diagnostic> diagnostics(Set<ValidationMessage> messages, YamlJson doc) {
        List<Diagnostic> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (!wordedByTheModel(m)) out.add(toDiagnostic(m, doc));
        }
        return out;
    }

    private static boolean wordedByTheModel(ValidationMessage m) {
        JsonNodePath frag = m.getSchemaLocation().getFragment();
        for (int i = 0; i + 1 < frag.getNameCount(); i++) {
            if ("$defs".equals(String.valueOf(frag.getElement(i))) && WORDED_BY_THE_MODEL.contains(String.valueOf(frag.getElement(i + 1)))) {
                return true;
            }
        }
        return false;
    }

    private Diagnostic toDiagnostic(ValidationMessage m, YamlJson doc) {
        String ptr = pointer(m.getInstanceLocation());
        String where = ContextNames.describe(ptr, doc.json());
        String keyName = lastName(ptr);
        String type = m.getType();
        switch (type) {
            case "additionalProperties": {
                String key = m.getProperty();
                Position at = doc.keyPositionOf(ptr + "/" + key.replace("~", "~0").replace("/", "~1"));
                Set<String> allowed = allowedKeys(m);
                String suggestion = closest(key, allowed);
                String message = "unknown key '" + key + "' in " + where
                        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
                String hint = allowed.isEmpty() ? null : "allowed keys here: " + String.join(", ", allowed);
                return Diagnostic.error("RB101", at, message, hint);
            }
            case "required":
                return Diagnostic.error("RB102", doc.positionOf(ptr), "missing required key '" + m.getProperty() + "' in " + where,
                        requiredHint(m.getProperty()));
            case "type": {
                Object[] args = m.getArguments();
                String found = args != null && args.length > 0 ? String.valueOf(args[0]) : "value";
                String expected = args != null && args.length > 1 ? String.valueOf(args[1]) : "another type";
                return Diagnostic.error("RB103", doc.positionOf(ptr), "wrong type for " + label(keyName, where)
                        + ": expected " + expected.replace("[", "").replace("]", "").replace(", ", " or ") + ", found " + found,
                        typeHint(expected));
            }
            case "enum":
            case "const":
                return Diagnostic.error("RB104", doc.positionOf(ptr), "invalid value for " + label(keyName, where) + ": "
                        + valueText(doc, ptr), "allowed: " + allowedValues(m));
            case "pattern":
                return Diagnostic.error("RB105", doc.positionOf(ptr), "invalid value for " + label(keyName, where) + ": "
                        + valueText(doc, ptr), patternHint(keyName, m));
            default:
                return Diagnostic.error("RB100", doc.positionOf(ptr), where + ": " + stripPath(m.getMessage()), null);
        }
    }

    private static String label(String key, String where) {
        return key == null || key.matches("\\d+") ? where : "'" + key + "' in " + where;
    }

    private static String valueText(YamlJson doc, String ptr) {
        JsonNode n = doc.json().at(ptr);
        return n.isTextual() ? "'" + n.asText() + "'" : n.toString();
    }

    private static String typeHint(String expected) {
        if (expected.equals("[string]") || expected.equals("string")) return "quote the value, e.g. target: \"008\"";
        if (expected.contains("boolean") && !expected.contains("string")) return "write true or false";
        if (expected.contains("integer") && !expected.contains("string")) return "write a whole number";
        if (expected.contains("array")) return "write a list, e.g. [a, b] or one '- item' per line";
        if (expected.contains("object")) return "write a mapping of key: value";
        return null;
    }

    private static String requiredHint(String key) {
        return switch (key) {
            case "version" -> "start the file with version: 1";
            case "id" -> "give the runbook (or step) a stable id, e.g. id: staging-migrations";
            case "steps" -> "add steps: with at least one step";
            case "engine" -> "engine: postgresql, sqlserver or http";
            default -> null;
        };
    }

    private String patternHint(String key, ValidationMessage m) {
        if ("timeout".equals(key) || "delay".equals(key) || "run_timeout".equals(key) || "statement_timeout".equals(key)) {
            return "write a number with a unit: 500ms, 30s, 10m, 1h30m";
        }
        if ("id".equals(key)) return "ids use letters, digits, '_' and '-' (runbook ids: lower case, '.', '_', '-')";
        Object[] args = m.getArguments();
        return args != null && args.length > 0 ? "must match " + args[0] : null;
    }

    private String allowedValues(ValidationMessage m) {
        JsonNode node = m.getSchemaNode();
        if (node != null && node.isArray()) {
            List<String> vals = new ArrayList<>();
            node.forEach(v -> vals.add(v.asText()));
            return String.join(", ", vals);
        }
        return node == null ? "see the schema" : node.asText();
    }

    /** The keys the schema allows where an unknown key was found (the sibling 'properties'). */
    private Set<String> allowedKeys(ValidationMessage m) {
        JsonNodePath frag = m.getSchemaLocation().getFragment();
        String iri = String.valueOf(m.getSchemaLocation().getAbsoluteIri());
        JsonNode node = iri.endsWith("fragment.schema.json") ? fragmentSchemaJson() : schemaJson;
        for (int i = 0; i < frag.getNameCount() - 1; i++) {
            Object el = frag.getElement(i);
            node = el instanceof Integer idx ? node.path(idx) : node.path(String.valueOf(el));
        }
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = node.path("properties").fieldNames(); it.hasNext(); ) keys.add(it.next());
        return keys;
    }

    static String closest(String key, Set<String> candidates) {
        return dev.runbook.diag.Suggestions.closest(key, candidates);
    }

    static String pointer(JsonNodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            sb.append('/').append(String.valueOf(el).replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    private static String lastName(String ptr) {
        if (ptr.isEmpty()) return null;
        return ptr.substring(ptr.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    }

    private static String stripPath(String message) {
        int i = message.indexOf(": ");
        return i > 0 && (message.startsWith("/") || message.startsWith("$")) ? message.substring(i + 2) : message;
    }
}
