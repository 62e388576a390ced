package dev.runbook.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.db.Dialect;
import dev.runbook.db.SqlScriptException;
import dev.runbook.db.SqlStatement;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.parse.YamlLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded random token soup straight into the expression checker, the two SQL splitters and the YAML loader:
 * each may refuse its input only with its own positioned error type (never another exception, an Error or a
 * hang). Cheaper than the mutation fuzzer, so it reaches deeper into each component's corner cases.
 */
class ComponentFuzzTest {
    private static final int CASES = Integer.getInteger("runbook.fuzz.cases", 300) * 5;
    private static final long SEED = Long.getLong("runbook.fuzz.seed", 14L);

    private static final String[] EXPRESSION_TOKENS = {"(", ")", "[", "]", "{", "}", "!", "-", "+", "~", "?", ":", "?.",
        "??", ".", ",", "'", "\"", "`", "${", "=~", "!~", "==", "&&", "||", "not", "new", ";", "/*", "*/", "//", "\\u0063",
        "\\", "class", "getClass", "size", "empty", "rows", "params", "name", "steps", "'a'", "1", "2000000000", "1e9",
        "repeat", "replace", "format", "'%2000000000d'", "contains", "trim", " ", "\n", "é", "\u202e", "\u0000"};
    private static final String[] SQL_TOKENS = {"SELECT 1", ";", "\n", "\r\n", "GO", "go 2", "GO 2x", "GO /* x */",
        "-- c", "/*", "*/", "'", "''", "\"", "[", "]", "$$", "$tag$", "E'\\''", "N'x'", "BEGIN", "END", "(", ")",
        "\\restrict x", "\\;", "\\copy", "COPY t FROM stdin;", "\\.", "é漢", " ", "\t", "\uFEFF", "CREATE PROCEDURE p AS"};
    private static final String[] YAML_TOKENS = {"a: ", "- ", "\n", "  ", "[", "]", "{", "}", ",", "&x ", "*x", "'",
        "\"", "|", ">", "!!str ", "!!binary ", "<<: ", "? ", "---\n", "...", "#", "\t", "é", "\u0000", "%YAML 1.2\n",
        "version: 1\n", "steps:\n", "1", "~", "\\u", "\\"};

    private final Random random = new Random(SEED);

    private String soup(String[] tokens, int maxTokens) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(maxTokens);
        for (int i = 0; i < n; i++) sb.append(tokens[random.nextInt(tokens.length)]);
        return sb.toString();
    }

    private static void contract(String what, List<String> inputs, Consumer<String> run, Class<?> allowed) {
        List<String> broken = new ArrayList<>();
        for (String input : inputs) {
            long started = System.nanoTime();
            try {
                run.accept(input);
            } catch (Throwable t) {
                if (!allowed.isInstance(t)) broken.add(t + " for " + input.replace("\n", "\\n"));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > 5_000) broken.add("took " + millis + " ms for " + input.replace("\n", "\\n"));
            if (broken.size() >= 5) break;
        }
        assertTrue(broken.isEmpty(), what + ":\n" + String.join("\n", broken));
    }

    @Test
    void theExpressionCheckerRefusesOnlyWithExpressionErrors() {
        Expressions expressions = new Expressions();
        Map<String, Object> vars = Map.of("rows", List.of(1L), "params", Map.of("name", "x"), "name", "n",
                "steps", Map.of(), "size", 1L, "empty", "", "repeat", 2L, "replace", "", "format", "", "contains", "");
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < CASES; i++) inputs.add(soup(EXPRESSION_TOKENS, random.nextInt(10) == 0 ? 3000 : 20));
        contract("expressions", inputs, s -> {
            expressions.variables(s);
            expressions.evaluate(s, vars);
            expressions.interpolate("x ${" + s + "} y", vars);
        }, ExpressionException.class);
    }

    @Test
    void theSplittersRefuseOnlyWithPositionedScriptErrors() {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < CASES; i++) inputs.add(soup(SQL_TOKENS, random.nextInt(10) == 0 ? 5000 : 30));
        for (String engine : List.of("postgresql", "sqlserver")) {
            Dialect dialect = Dialect.forEngine(engine);
            contract(engine + " splitter", inputs, s -> {
                try {
                    for (SqlStatement st : dialect.split(s)) {
                        if (st.line() < 1 || st.column() < 1) throw new AssertionError("position " + st.line() + ":" + st.column());
                    }
                    dialect.analyse(s);
                } catch (SqlScriptException e) {
                    if (e.line() < 1 || e.column() < 1) throw new AssertionError("error position " + e.line() + ":" + e.column());
                    throw e;
                }
            }, SqlScriptException.class);
        }
    }

    @Test
    void theYamlLoaderRefusesOnlyWithPositionedDiagnostics() {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < CASES; i++) inputs.add(soup(YAML_TOKENS, random.nextInt(10) == 0 ? 20_000 : 40));
        contract("yaml", inputs, s -> YamlLoader.loadText(s, "fuzz.yaml"), InvalidInputException.class);
    }
}
