package dev.runbook.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.model.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expressions are bounded before parsing (length, depth), and while evaluating (time, size of strings built). */
class ExpressionLimitsTest {
    private final Expressions expressions = new Expressions();
    private final List<Object> rows = new ArrayList<>(List.of(1L, 2L));
    private final Map<String, Object> vars = Map.of("rows", rows, "params", Map.of("name", "a".repeat(40) + "!"));

    private static String nested(int depth) {
        return "(".repeat(depth) + "1" + ")".repeat(depth) + " == 1";
    }

    @Test
    void nestingIsAllowedUpToTheLimitAndRefusedOnePast() {
        // The comparison's operand sits inside the brackets, so depth counts the brackets alone.
        assertTrue(expressions.test(nested(Limits.MAX_EXPRESSION_DEPTH), vars));
        ExpressionException e = assertThrows(ExpressionException.class,
                () -> expressions.variables(nested(Limits.MAX_EXPRESSION_DEPTH + 1)));
        assertTrue(e.getMessage().contains("nesting deeper than " + Limits.MAX_EXPRESSION_DEPTH), e.getMessage());
    }

    @Test
    void unaryOperatorsCountAsNesting() {
        assertTrue(expressions.test("!".repeat(Limits.MAX_EXPRESSION_DEPTH) + "true", vars));
        assertThrows(ExpressionException.class,
                () -> expressions.variables("!".repeat(Limits.MAX_EXPRESSION_DEPTH + 1) + "true"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 100_000})
    void absurdNestingIsAnErrorNotAStackOverflow(int depth) {
        assertThrows(ExpressionException.class, () -> expressions.variables(nested(depth)));
        assertThrows(ExpressionException.class, () -> expressions.variables("!".repeat(depth) + "x"));
        assertThrows(ExpressionException.class, () -> expressions.variables("-".repeat(depth) + "1 == 1"));
    }

    @Test
    void lengthIsAllowedUpToTheLimitAndRefusedOnePast() {
        String base = "rows.size() == 2";
        String atLimit = base + " ".repeat(Limits.MAX_EXPRESSION_LENGTH - base.length());
        assertEquals(Limits.MAX_EXPRESSION_LENGTH, atLimit.length());
        assertTrue(expressions.test(atLimit, vars));
        ExpressionException e = assertThrows(ExpressionException.class, () -> expressions.variables(atLimit + " "));
        assertTrue(e.getMessage().contains("the limit is 2,000"), e.getMessage());
    }

    @Test
    void aLongBinaryChainWithinTheLengthLimitEvaluates() {
        String chain = "1" + " + 1".repeat(Limits.MAX_EXPRESSION_LENGTH / 4 - 10) + " > 0";
        assertTrue(expressions.test(chain, vars));
    }

    @ParameterizedTest
    @ValueSource(strings = {"''.'class' == ''", "''['class'] == ''", "''./*c*/getClass() == ''", "''.\"class\"",
            "''['\\u0063lass']", "''['cl' + 'ass']", "''[`class`]", "''?.getClass()", "'' .\n getClass ()",
            "''.format('%2000000000d', 1)", "'x'.formatted(1)", "''.join(',', rows)", "rows.clear() == null",
            "rows.add(1)", "params.name.matches('(a+)+$')", "params.name.split('a').length", "''.chars()",
            "''.\\getClass()", "''.class.name", "''[params.name]"})
    void validateRefusesWhatTheSandboxRefusesAtRunTime(String source) {
        ExpressionException atValidate = assertThrows(ExpressionException.class, () -> expressions.variables(source));
        assertTrue(atValidate.getMessage().contains("not allowed"), atValidate.getMessage());
    }

    @Test
    void legitimateSubscriptsAndMembersStayAllowed() {
        Map<String, Object> steps = Map.of("steps", Map.of("migrate-008", Map.of("applied", 3L)), "rows", rows,
                "s", "class-room");
        assertTrue(expressions.test("steps['migrate-008'].applied == 3 && rows[0] == 1 && s.contains('class')", steps));
        assertTrue(expressions.test("s.replace('-', ' ') == 'class room' && s.length() == 10", steps));
    }

    @Test
    void theStepResultsCannotBeChangedByAnExpression() {
        assertThrows(ExpressionException.class, () -> expressions.evaluate("rows.clear()", vars));
        assertEquals(2, rows.size());
    }

    @Test
    void aHugeFormatWidthFailsFast() {
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ExpressionException.class, () -> expressions.evaluate("''.format('%2000000000d', 1)", vars)));
    }

    @Test
    void stringsAnExpressionBuildsAreBounded() {
        int max = Limits.MAX_EXPRESSION_STRING;
        assertTrue(expressions.test("'x'.repeat(" + max + ").length() == " + max, vars));
        ExpressionException e = assertThrows(ExpressionException.class,
                () -> expressions.evaluate("'x'.repeat(" + (max + 1) + ")", vars));
        assertTrue(e.getMessage().contains("would build a string of 1,000,001 characters"), e.getMessage());
        assertThrows(ExpressionException.class, () -> expressions.evaluate(
                "'aaaaaaaaaa'.repeat(1000).replace('a', 'aaaaaaaaaa'.repeat(1000))", vars));
        assertThrows(ExpressionException.class, () -> expressions.evaluate(
                "'x'.repeat(600000) + 'y'.repeat(600000)", vars));
        assertThrows(ExpressionException.class, () -> expressions.interpolate(
                "${'x'.repeat(" + (max + 1) + ")}", vars));
    }

    @Test
    void aCatastrophicRegexStopsAtTheTimeLimit() {
        long started = System.nanoTime();
        ExpressionException e = assertThrows(ExpressionException.class,
                () -> expressions.test("params.name =~ '(.*a){25}$'", vars));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(e.getMessage().contains("took longer than"), e.getMessage());
        assertTrue(millis < Limits.EXPRESSION_TIMEOUT.toMillis() + 1_000, millis + " ms");
        assertTrue(expressions.test("params.name =~ '^a+!$'", vars), "an ordinary match still works");
    }

    @Test
    void templatePartsAreCheckedLikeExpressions() {
        assertThrows(ExpressionException.class, () -> expressions.templateVariables("it's ${''['class']}"));
        assertEquals("it's 2", expressions.interpolate("it's ${rows.size()}", vars));
    }

    @Test
    void anInvalidRegexLiteralIsAnExpressionErrorNotAPatternSyntaxException() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> expressions.variables("'x' =~ ~/*x/"));
        assertTrue(e.getMessage().contains("invalid regular expression"), e.getMessage());
        assertThrows(ExpressionException.class, () -> expressions.test("params.name =~ '*x'", vars));
    }
}
