package dev.runbook.expr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before evaluation, the constructs that reach for Java itself (object creation, class
 * objects, reflection), so validate reports them with exit 2. The sandbox permissions still stop them
 * at run time; this is the early, positioned error.
 */
final class ForbiddenConstructs {
    private static final Pattern NEW = Pattern.compile("\\bnew\\s*\\(");
    private static final Pattern REFLECTION = Pattern.compile(
            "\\.\\s*(getClass|class|forName|getClassLoader|getDeclared\\w*|getMethods?|getFields?|getConstructors?|invoke|newInstance)\\b");
    private static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");

    private ForbiddenConstructs() {}

    /** Returns a description of the first forbidden construct, or null. */
    static String find(String source) {
        String code = STRING.matcher(source).replaceAll("''");
        if (NEW.matcher(code).find()) return "creating objects (new)";
        if (code.contains(";")) return "more than one statement (';')";
        Matcher m = REFLECTION.matcher(code);
        if (m.find()) return "access to Java classes ('." + m.group(1) + "')";
        return null;
    }
}
