package dev.runbook.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    private final Expressions expressions = new Expressions();
    private final Map<String, Object> vars = Map.of("count", 0L, "rows", List.of(Map.of("id", 1)),
            "params", Map.of("ticket", "OPS-42"), "json", Map.of("status", "ok"), "status", 200);

    @Test
    void evaluatesExpectationsOverResults() {
        assertTrue(expressions.test("count == 0", vars));
        assertTrue(expressions.test("rows.size() < 10 && rows[0].id == 1", vars));
        assertTrue(expressions.test("status == 200 && json.status == 'ok'", vars));
        assertTrue(expressions.test("params.ticket =~ '^OPS-[0-9]+$'", vars));
        assertEquals("ticket OPS-42!", expressions.interpolate("ticket ${params.ticket}!", vars));
    }

    @ParameterizedTest
    @ValueSource(strings = {"''.getClass()", "''.getClass().forName('java.lang.Runtime')", "count.class",
            "new('java.io.File', '/etc/passwd')", "rows.getClass().getClassLoader()", "'x'.getClass().getMethods()"})
    void refusesEveryRouteToJavaClasses(String source) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> expressions.evaluate(source, vars));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.System.exit(1)", "x = 1", "for (x : rows) 1", "params.ticket = 'y'"})
    void refusesSideEffectsAndUnknownNames(String source) {
        assertThrows(ExpressionException.class, () -> expressions.evaluate(source, vars));
    }

    @Test
    void aNonBooleanExpectationIsAnErrorNotTruthy() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> expressions.test("count", vars));
        assertTrue(e.getMessage().contains("where true or false was expected"));
    }

    @Test
    void forbiddenWordsInsideStringsAreJustText() {
        assertEquals(true, expressions.evaluate("'new(x).getClass()' != ''", vars));
    }
}
