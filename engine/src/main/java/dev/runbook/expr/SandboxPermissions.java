package dev.runbook.expr;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The only Java an expression may touch: strings, numbers, booleans and the collections that hold
 * step results. Everything else (Class, reflection, System, files, processes, constructors) is invisible.
 */
final class SandboxPermissions implements JexlPermissions {
    static final SandboxPermissions INSTANCE = new SandboxPermissions();

    private static final Set<String> ALLOWED_CLASSES = Set.of(
            "java.lang.String", "java.lang.CharSequence", "java.lang.Boolean", "java.lang.Number",
            "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Double",
            "java.lang.Float", "java.lang.Character", "java.lang.Comparable", "java.lang.Iterable",
            "java.math.BigDecimal", "java.math.BigInteger");
    private static final Set<String> ALLOWED_PACKAGE_PREFIXES = Set.of("java.util.");
    private static final Set<String> DENIED_METHODS = Set.of("getClass", "wait", "notify", "notifyAll", "hashCode",
            "forEach", "replaceAll", "removeIf", "compute", "computeIfAbsent", "computeIfPresent", "merge", "chars",
            "codePoints", "describeConstable", "resolveConstantDesc");

    private SandboxPermissions() {}

    @Override
    public boolean allow(Class<?> clazz) {
        if (clazz == null) return false;
        if (clazz.isArray()) return allow(clazz.getComponentType());
        String name = clazz.getName();
        if (ALLOWED_CLASSES.contains(name)) return true;
        if (name.startsWith("java.util.concurrent") || name.startsWith("java.util.function")
                || name.startsWith("java.util.stream") || name.startsWith("java.util.jar")
                || name.startsWith("java.util.zip") || name.startsWith("java.util.logging")
                || name.startsWith("java.util.prefs") || name.equals("java.util.Scanner")
                || name.equals("java.util.ServiceLoader") || name.equals("java.util.Timer")) {
            return false;
        }
        for (String prefix : ALLOWED_PACKAGE_PREFIXES) if (name.startsWith(prefix)) return true;
        // Step results are plain maps and lists built by the engine; nothing of ours is exposed.
        return false;
    }

    @Override
    public boolean allow(Constructor<?> ctor) {
        return false;
    }

    @Override
    public boolean allow(Field field) {
        return false;
    }

    @Override
    public boolean allow(Method method) {
        return !DENIED_METHODS.contains(method.getName()) && allow(method.getDeclaringClass())
                && java.lang.reflect.Modifier.isPublic(method.getModifiers());
    }

    @Override
    public boolean allow(Package pack) {
        return pack != null && (pack.getName().equals("java.util") || pack.getName().equals("java.lang")
                || pack.getName().equals("java.math"));
    }

    @Override
    public JexlPermissions compose(String... src) {
        return this;
    }
}
