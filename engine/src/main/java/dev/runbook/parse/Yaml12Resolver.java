package dev.runbook.parse;

import java.util.regex.Pattern;
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

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOL, "tfTF");
        addImplicitResolver(Tag.INT, INT, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
        // Not YAML 1.2, but kept so the loader can refuse merge keys by name (RB015) instead of taking '<<' as a key.
        addImplicitResolver(Tag.MERGE, MERGE, "<");
        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
        addImplicitResolver(Tag.NULL, EMPTY, null);
    }

    /** The boolean value of a scalar the resolver typed as a boolean. */
    static boolean isTrue(String text) {
        return text.equalsIgnoreCase("true");
    }
}
