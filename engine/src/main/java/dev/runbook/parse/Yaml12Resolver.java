package dev.runbook.parse;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Plain scalars typed as the YAML 1.2 core schema types them, as editors (yaml-language-server) and
 * JSON Schema tools read the same file: only {@code true}/{@code false} are booleans ({@code yes}, {@code no},
 * {@code on}, {@code off} and {@code y} stay strings), integers are decimal, {@code 0o} octal or {@code 0x} hex,
 * and {@code 1:30} is a string. SnakeYAML's default is YAML 1.1, where {@code on: [dev]} is a boolean key.
 */
final class Yaml12Resolver extends Resolver {
    static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    static final Pattern INT = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
    static final Pattern FLOAT = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL| *)$");
    private static final String BOOL_FIRST = "tfTF";
    private static final String INT_FIRST = "-+0123456789";
    private static final String FLOAT_FIRST = "-+0123456789.";
    private static final String MERGE_FIRST = "<";
    private static final String NULL_FIRST = "~nN\0";
    /**
     * What a non-empty plain scalar must start with to be typed other than a string: a first character given below,
     * or the space of NULL's {@code " *"} (SnakeYAML files {@code \0} under "any character", so NULL is tried on all).
     */
    private static final String TYPED_FIRST = BOOL_FIRST + INT_FIRST + FLOAT_FIRST + MERGE_FIRST + NULL_FIRST + " ";

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOL, BOOL_FIRST);
        addImplicitResolver(Tag.INT, INT, INT_FIRST);
        addImplicitResolver(Tag.FLOAT, FLOAT, FLOAT_FIRST);
        // Not YAML 1.2, but kept so the loader can refuse merge keys by name (RB015) instead of taking '<<' as a key.
        addImplicitResolver(Tag.MERGE, MERGE, MERGE_FIRST);
        addImplicitResolver(Tag.NULL, NULL, NULL_FIRST);
        addImplicitResolver(Tag.NULL, EMPTY, null);
    }

    /**
     * A plain scalar no pattern above can match is a string without trying them: SnakeYAML tries NULL and EMPTY on
     * every scalar, a matcher each, which was a sixth of what reading a 10,000-step runbook allocated.
     */
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind == NodeId.scalar && implicit && !value.isEmpty() && TYPED_FIRST.indexOf(value.charAt(0)) < 0) {
            return Tag.STR;
        }
        return super.resolve(kind, value, implicit);
    }

    /** SnakeYAML's resolution by the patterns alone, the reference for the shortcut above (tests). */
    Tag byPatterns(NodeId kind, String value, boolean implicit) {
        return super.resolve(kind, value, implicit);
    }

    /** The boolean value of a scalar the resolver typed as a boolean. */
    static boolean isTrue(String text) {
        return text.equalsIgnoreCase("true");
    }
}
