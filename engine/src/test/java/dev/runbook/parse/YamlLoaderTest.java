package dev.runbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.diag.InvalidInputException;
import org.junit.jupiter.api.Test;

class YamlLoaderTest {
    @Test
    void everyNodeKeepsItsLineAndColumn() {
        YNode root = YamlLoader.loadText("version: 1\nsteps:\n  - id: a\n    sql: |\n      SELECT 1\n", "x.yaml");
        YNode.YMap map = (YNode.YMap) root;
        assertEquals("x.yaml:2:1", map.keyPos("steps").toString());
        YNode.YMap step = (YNode.YMap) ((YNode.YSeq) map.get("steps")).items().get(0);
        assertEquals("x.yaml:3:5", step.pos().toString());
        assertEquals("x.yaml:4:5", step.keyPos("sql").toString());
        assertEquals("x.yaml:5:7", step.get("sql").pos().toString(), "a block scalar's text starts on the next line");
    }

    @Test
    void keepsVersionLikeScalarsAsWritten() {
        YNode.YMap map = (YNode.YMap) YamlLoader.loadText("a: \"008\"\nb: 007\nc: true\n", "x.yaml");
        assertEquals("008", ((YNode.YScalar) map.get("a")).text());
        assertEquals("007", ((YNode.YScalar) map.get("b")).text());
        assertEquals(YNode.YScalar.ScalarType.BOOL, ((YNode.YScalar) map.get("c")).type());
    }

    @Test
    void refusesMultipleDocumentsAndMergeKeys() {
        InvalidInputException two = assertThrows(InvalidInputException.class, () -> YamlLoader.loadText("a: 1\n---\nb: 2\n", "x.yaml"));
        assertTrue(two.diagnostics().get(0).render().startsWith("x.yaml:"), two.getMessage());
        InvalidInputException merge = assertThrows(InvalidInputException.class,
                () -> YamlLoader.loadText("base: &b {x: 1}\nother:\n  <<: *b\n", "x.yaml"));
        assertTrue(merge.getMessage().contains("x.yaml:3:3: error: merge keys ('<<') are not supported"), merge.getMessage());
    }

    @Test
    void refusesDeepNesting() {
        String deep = "a: " + "[".repeat(60) + "]".repeat(60) + "\n";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> YamlLoader.loadText(deep, "x.yaml"));
        assertTrue(e.getMessage().contains("x.yaml:1:"), e.getMessage());
    }
}
