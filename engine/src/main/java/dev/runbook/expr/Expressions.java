package dev.runbook.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlInfo;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JxltEngine;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.internal.introspection.Uberspect;
import org.apache.commons.jexl3.introspection.JexlUberspect;

/**
 * Sandboxed JEXL: boolean expressions ({@code count == 0}) and {@code ${...}} templates. Expressions can
 * read variables, compare, do arithmetic and call harmless methods on strings and collections; they
 * cannot name Java classes, create objects, loop, or assign. Thread-safe; build one per process.
 */
public final class Expressions {
    private final JexlEngine jexl;
    private final JxltEngine jxlt;
    private final Budget budget = new Budget();
    // validate and plan both ask for the variables of every when:/expect:/template; parse each text once.
    private final Map<String, Set<List<String>>> variablesSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Set<List<String>>> templateVariablesSeen = new java.util.concurrent.ConcurrentHashMap<>();
    // A template is parsed once and evaluated as often as it is used (plan, run, each for_each item).
    private final Map<String, JxltEngine.Expression> templates = new java.util.concurrent.ConcurrentHashMap<>();

    public Expressions() {
        JexlFeatures features = JexlFeatures.createDefault()
                .newInstance(false).loops(false).lambda(false).sideEffect(false).sideEffectGlobal(false)
                .pragma(false).importPragma(false).namespacePragma(false).annotation(false).localVar(false)
                .script(false).register(false);
        JexlUberspect introspection = new BoundedUberspect(new Uberspect(org.apache.commons.logging.LogFactory.getLog(JexlEngine.class),
                JexlUberspect.JEXL_STRATEGY, SandboxPermissions.INSTANCE), budget);
        this.jexl = new JexlBuilder()
                .features(features)
                .permissions(SandboxPermissions.INSTANCE)
                .uberspect(introspection)
                .arithmetic(new SandboxArithmetic(true, null, Integer.MIN_VALUE, budget))
                .strict(true)
                .safe(false)
                .silent(false)
                .cache(512)
                .create();
        this.jxlt = jexl.createJxltEngine(true);
    }

    /** Parses an expression, throwing a readable message on a syntax error or forbidden construct. */
    public JexlExpression compile(String source) {
        return parsed(source, s -> jexl.createExpression(where(), s));
    }

    /** Every parse of an expression goes through here: the forbidden constructs first, then one way to fail. */
    private <T> T parsed(String source, java.util.function.Function<String, T> parse) {
        String forbidden = ForbiddenConstructs.find(source);
        if (forbidden != null) {
            throw new ExpressionException("'" + shown(source) + "': " + forbidden + " is not allowed in runbook expressions");
        }
        try {
            return parse.apply(source);
        } catch (JexlException e) {
            throw new ExpressionException(describe(e, source));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw badRegex(source, e);
        } catch (StackOverflowError e) {
            throw tooDeep(source);
        }
    }

    /**
     * Parses an expression once and returns the variable paths it reads, e.g. [[params, ticket], [count]];
     * throws like {@link #compile} when it does not parse or reaches for Java.
     */
    public Set<List<String>> variables(String source) {
        Set<List<String>> seen = variablesSeen.get(source);
        if (seen != null) return seen;
        Set<List<String>> found = parseVariables(source);
        variablesSeen.put(source, found);
        return found;
    }

    private Set<List<String>> parseVariables(String source) {
        return parsed(source, s -> java.util.Collections.unmodifiableSet(jexl.createScript(where(), s).getVariables()));
    }

    /** Variable paths a template reads across its ${...} parts. */
    public Set<List<String>> templateVariables(String template) {
        Set<List<String>> seen = templateVariablesSeen.get(template);
        if (seen != null) return seen;
        Set<List<String>> found = parseTemplateVariables(template);
        templateVariablesSeen.put(template, found);
        return found;
    }

    private Set<List<String>> parseTemplateVariables(String template) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(template(template).getVariables()));
    }

    /** The parsed template, from the cache; a template that does not parse or is forbidden throws every time. */
    private JxltEngine.Expression template(String template) {
        JxltEngine.Expression known = templates.get(template);
        if (known != null) return known;
        String forbidden = ForbiddenConstructs.findInTemplate(template);
        if (forbidden != null) throw new ExpressionException("'" + shown(template) + "': " + forbidden + " is not allowed");
        try {
            JxltEngine.Expression parsed = jxlt.createExpression(where(), template);
            templates.put(template, parsed);
            return parsed;
        } catch (JexlException e) {
            throw new ExpressionException("invalid ${...} template: " + rootMessage(e));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw badRegex(template, e);
        } catch (StackOverflowError e) {
            throw tooDeep(template);
        }
    }

    /** Evaluates an expression in a context of plain maps, lists, strings and numbers. */
    public Object evaluate(String source, Map<String, Object> vars) {
        JexlExpression expression = compile(source);
        try {
            return budget.within(() -> expression.evaluate(new MapContext(vars)));
        } catch (JexlException | Budget.LimitExceeded e) {
            throw new ExpressionException(describe(e, source));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw badRegex(source, e);
        } catch (StackOverflowError e) {
            throw tooDeep(source);
        }
    }

    /** Evaluates a boolean expression; anything but a Boolean is an error, not a truthy guess. */
    public boolean test(String source, Map<String, Object> vars) {
        Object v = evaluate(source, vars);
        if (v instanceof Boolean b) return b;
        throw new ExpressionException("'" + source + "' gave " + (v == null ? "null" : "'" + v + "'")
                + " where true or false was expected");
    }

    /** Interpolates ${...} parts of a template; a template with none is returned unchanged. */
    public String interpolate(String template, Map<String, Object> vars) {
        if (template == null || !template.contains("${")) return template;
        JxltEngine.Expression parsed = template(template);
        try {
            Object v = budget.within(() -> parsed.evaluate(new MapContext(vars)));
            return v == null ? "" : v.toString();
        } catch (JexlException | Budget.LimitExceeded e) {
            throw new ExpressionException("cannot interpolate '" + shown(template) + "': " + rootMessage(e));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw badRegex(template, e);
        } catch (StackOverflowError e) {
            throw tooDeep(template);
        }
    }

    /**
     * Where an expression comes from, for JEXL's messages. Given explicitly because without it JEXL finds its
     * caller by filling a Throwable's stack trace on every parse (7,500 of them for a 10,000-step plan).
     */
    private static JexlInfo where() {
        return new JexlInfo("expression", 1, 1);
    }

    private static String describe(RuntimeException e, String source) {
        return "'" + shown(source) + "': " + rootMessage(e);
    }

    /** A regular-expression literal (~/.../) or =~ pattern that does not compile: JEXL lets it through unwrapped. */
    private static ExpressionException badRegex(String source, java.util.regex.PatternSyntaxException e) {
        return new ExpressionException("'" + shown(source) + "': invalid regular expression: " + e.getDescription());
    }

    /** The safety net under the depth limit: the parser or interpreter recursed too deep anyway. */
    private static ExpressionException tooDeep(String source) {
        return new ExpressionException("'" + shown(source) + "': nested too deeply (the limit is "
                + dev.runbook.model.Limits.MAX_EXPRESSION_DEPTH + " levels)");
    }

    /** Messages quote the expression: long ones are cut, control characters escaped. */
    private static String shown(String source) {
        String s = source.length() <= 120 ? source : source.substring(0, 117) + "...";
        return dev.runbook.reports.text.Printable.of(s);
    }

    static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Budget.LimitExceeded limit) return limit.getMessage();
        }
        List<String> parts = new ArrayList<>();
        Throwable t = e;
        while (t != null && parts.size() < 3) {
            String m = t.getMessage();
            if (m != null) {
                // JEXL prefixes messages with internal source coordinates; keep only the reason.
                String clean = m.replaceAll("^.*?@\\d+:\\d+(?:-\\d+:\\d+)?\\s*", "");
                parts.add(clean.isBlank() ? m : clean);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : parts.get(0);
    }
}
