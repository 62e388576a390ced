package dev.runbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.model.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each YAML limit REFERENCE.md documents holds exactly: the limit is accepted, one past it refused. */
class YamlLimitsTest {
    private static final String HEAD = "version: 1\nid: limits\nsteps: []\n";

    @TempDir
    Path dir;

    private static Diagnostic refused(Runnable load) {
        InvalidInputException e = assertThrows(InvalidInputException.class, load::run);
        return e.diagnostics().get(0);
    }

    private Path fileOf(long bytes) throws IOException {
        String body = HEAD + "# ";
        String text = body + "x".repeat((int) (bytes - body.length() - 1)) + "\n";
        assertEquals(bytes, text.getBytes(StandardCharsets.UTF_8).length);
        return Files.writeString(dir.resolve("r" + bytes + ".yaml"), text);
    }

    @Test
    void aFileOfExactlyOneMegabyteLoadsAndOneByteMoreIsRB002() throws IOException {
        assertTrue(YamlLoader.load(fileOf(Limits.MAX_RUNBOOK_BYTES), "r.yaml") instanceof YNode.YMap);
        Diagnostic d = refused(() -> {
            try {
                YamlLoader.load(fileOf(Limits.MAX_RUNBOOK_BYTES + 1), "r.yaml");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("RB002", d.code());
        assertTrue(d.message().contains("1,048,577 bytes; runbooks are limited to 1,048,576 bytes"), d.message());
    }

    /** The root mapping, the list under x and its items: 2 + items nodes (keys are not counted). */
    private static String withNodes(int nodes) {
        return "x: [" + "1,".repeat(nodes - 3) + "1]\n";
    }

    @Test
    void twoHundredThousandNodesLoadAndOneMoreIsRB012() {
        YNode root = YamlLoader.loadText(withNodes(Limits.MAX_YAML_NODES), "n.yaml");
        assertEquals(Limits.MAX_YAML_NODES - 2, ((YNode.YSeq) ((YNode.YMap) root).get("x")).items().size());
        Diagnostic d = refused(() -> YamlLoader.loadText(withNodes(Limits.MAX_YAML_NODES + 1), "n.yaml"));
        assertEquals("RB012", d.code());
        assertTrue(d.message().contains("more than 200,000 nodes"), d.message());
    }

    /** Mappings nested {@code levels} deep, the root mapping being the first level. */
    private static String nested(int levels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < levels; i++) sb.append("  ".repeat(i)).append("k").append(i).append(":\n");
        return sb.append("  ".repeat(levels)).append("v\n").toString();
    }

    @Test
    void fortyLevelsOfNestingLoadAndFortyOneAreRefused() {
        YamlLoader.loadText(nested(Limits.MAX_YAML_DEPTH), "d.yaml");
        Diagnostic d = refused(() -> YamlLoader.loadText(nested(Limits.MAX_YAML_DEPTH + 1), "d.yaml"));
        assertTrue(d.code().equals("RB013") || d.code().equals("RB010"), d.render());
        assertTrue(d.render().contains("40"), d.render());
        assertTrue(d.position().line() > 1, "positioned at the nesting: " + d.render());
    }

    private static String aliases(int count) {
        return "a: &a [1]\nb: [" + "*a, ".repeat(count - 1) + "*a]\n";
    }

    @Test
    void fiftyAliasesLoadAndFiftyOneAreRefused() {
        YamlLoader.loadText(aliases(Limits.MAX_ALIASES), "a.yaml");
        Diagnostic d = refused(() -> YamlLoader.loadText(aliases(Limits.MAX_ALIASES + 1), "a.yaml"));
        assertEquals("RB010", d.code());
        assertTrue(d.render().contains("aliases"), d.render());
    }

    @Test
    void aCutOffEscapeInADoubleQuotedStringIsAPositionedError() {
        Diagnostic d = refused(() -> YamlLoader.loadText("version: 1\nid: \"x\\u", "e.yaml"));
        assertEquals("RB010", d.code());
        assertEquals("e.yaml:2:7", d.position().toString(), d.render());
    }
}
