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
    /**
     * Denied on every class. Beyond reflection and callbacks: format (a width builds gigabytes), the String
     * methods that take a regular expression (use =~, which is time-bounded), and every mutator, since the
     * collections an expression sees are the engine's step results.
     */
    private static final Set<String> DENIED_METHODS = Set.of("getClass", "wait", "notify", "notifyAll", "hashCode",
            "forEach", "replaceAll", "removeIf", "compute", "computeIfAbsent", "computeIfPresent", "merge", "chars",
            "codePoints", "describeConstable", "resolveConstantDesc", "format", "formatted", "matches", "replaceFirst",
            "split", "splitWithDelimiters", "add", "addAll", "addFirst", "addLast", "put", "putAll", "putIfAbsent", "set",
            "setValue", "remove", "removeAll", "removeFirst", "removeLast", "retainAll", "clear", "sort", "push", "pop",
            "offer", "offerFirst", "offerLast", "poll", "pollFirst", "pollLast", "ensureCapacity", "trimToSize", "join",
            "valueOf", "copyValueOf");

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

    /** True for a method name denied on every class; validate refuses these names wherever they appear. */
    static boolean isDeniedName(String name) {
        return DENIED_METHODS.contains(name);
    }

    /**
     * Static methods are refused too: called through an instance they reach String.join, String.valueOf and
     * List.of, none of which a runbook needs. Map.replace mutates like the mutators above (String.replace stays).
     */
    @Override
    public boolean allow(Method method) {
        int modifiers = method.getModifiers();
        if (method.getName().equals("replace") && method.getDeclaringClass().getName().startsWith("java.util.")) return false;
        return !DENIED_METHODS.contains(method.getName()) && allow(method.getDeclaringClass())
                && java.lang.reflect.Modifier.isPublic(modifiers) && !java.lang.reflect.Modifier.isStatic(modifiers);
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
