package dev.runbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.diag.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;

/**
 * The loader reads a plain document straight from the parser's events; SnakeYAML's composed node graph is the
 * reference it must equal, node for node (kinds, texts, types, key order, positions), and every refusal stays the
 * composed path's.
 */
class YamlDirectReadTest {
    private static final List<String> SNIPPETS = List.of(
            "version: 1\nsteps:\n  - id: a\n    sql: |\n      SELECT 1\n    rollback: >\n      folded\n      text\n",
            "- {id: s0, sql: 'INSERT INTO t VALUES (0, :ticket)', rollback: {sql: 'DELETE FROM t WHERE id = 0'}}\n"
                    + "- {id: s1, when: steps.s0.affected == 1, assert: [{name: r0, sql: 'SELECT 1', expect: result == 1}]}\n",
            "a: \"008\"\nb: 007\nc: true\nd: yes\ne: ~\nf:\ng: null\nh: 1.5\ni: .inf\nj: 0x1F\nk: 0o17\nl: -3\nm: +4\nn: 1e3\n",
            "'quoted key': 1\n\"dq\": \"tab\\there\"\n? plain\n: value\n\"\": empty key\nx: '   '\ny: \"\"\n",
            "a: &anchor {x: 1}\nb: *anchor\n",
            "a: !!str 12\nb: !!int \"7\"\nc: !custom x\n",
            "a: 1\na: 2\n",
            "base: &b {x: 1}\nother:\n  <<: *b\n",
            "[a, b]: 1\n",
            "a: 1\n---\nb: 2\n",
            "",
            "# only a comment\n",
            "a: [1, 2\n",
            "a: " + "[".repeat(60) + "]".repeat(60) + "\n",
            "a: " + "[".repeat(39) + "]".repeat(39) + "\n",
            "a: " + "[".repeat(40) + "]".repeat(40) + "\n",
            "plain\n",
            "- - - deep\n  - x\n",
            "text: |+\n  kept\n\n\nnext: |-\n  stripped\n",
            "\"\\u00e9\\x41\": \"\\U0001F600\"\n");

    @Test
    void aPlainDocumentReadsAsItsComposedGraph() throws IOException {
        for (String text : SNIPPETS) assertSameRead(text, "snippet:\n" + text);
        assertTrue(YamlLoader.loadTextDirectOnly(SNIPPETS.get(0), "x.yaml") != null, "a plain document is read directly");
        assertTrue(YamlLoader.loadTextDirectOnly("a: &x 1\nb: *x\n", "x.yaml") == null, "an alias is left to the composer");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("..").toAbsolutePath().normalize())) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/")
                            && !p.toString().contains("/.git/") && !p.toString().contains("/bench/out/"))
                    .sorted().toList();
        }
        assertTrue(files.size() > 50, "the repository's runbooks and test cases: " + files.size());
        int direct = 0;
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertSameRead(text, f.toString());
            if (YamlLoader.loadTextDirectOnly(text, "x.yaml") != null) direct++;
        }
        assertTrue(direct > files.size() / 2, "most files are read directly: " + direct + " of " + files.size());
    }

    @Test
    void aGeneratedTenThousandStepRunbookReadsAsItsComposedGraph() {
        StringBuilder sb = new StringBuilder("version: 1\nid: bench\nsteps:\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append(switch (i % 4) {
                case 0 -> "- {id: s" + i + ", sql: 'INSERT INTO t VALUES (" + i + ", :ticket)', rollback: {sql: 'DELETE'}}\n";
                case 1 -> "- {id: s" + i + ", when: steps.s" + (i - 1) + ".affected == 1, assert: [{name: r, sql: 'SELECT 1',"
                        + " expect: result == 1}]}\n";
                case 2 -> "- {id: s" + i + ", mutating: false, shell: [echo, 's" + i + " ${params.ticket}']}\n";
                default -> "- {id: s" + i + ", http: {get: /health, expect: status == 200}, retry: {attempts: 2, delay: 1s}}\n";
            });
        }
        assertSameRead(sb.toString(), "generated");
        assertTrue(YamlLoader.loadTextDirectOnly(sb.toString(), "x.yaml") != null);
    }

    /** Every plain scalar is typed as SnakeYAML's own matching of the same patterns types it. */
    @Test
    void theResolverShortcutTypesAsThePatternsDo() {
        Yaml12Resolver fast = new Yaml12Resolver();
        List<String> tails = List.of("", "rue", "alse", "ull", "1", "0", ".5", "e3", "x1F", "o7", "<", " ", "  x", "inf", "nan");
        for (char c = 0; c < 256; c++) {
            for (String tail : tails) {
                String value = c + tail;
                for (boolean implicit : new boolean[] {true, false}) {
                    assertEquals(fast.byPatterns(NodeId.scalar, value, implicit), fast.resolve(NodeId.scalar, value, implicit),
                            "'" + value + "'");
                }
            }
        }
        for (String v : List.of("", " ", "   ", "~", "null", "Null", "NULL", "true", "False", "<<", "-", "+", ".", "1:30")) {
            assertEquals(fast.byPatterns(NodeId.scalar, v, true), fast.resolve(NodeId.scalar, v, true), "'" + v + "'");
        }
    }

    private static void assertSameRead(String text, String what) {
        assertEquals(read(() -> YamlLoader.loadTextComposed(text, "x.yaml")), read(() -> YamlLoader.loadText(text, "x.yaml")),
                what);
    }

    private static String read(java.util.function.Supplier<YNode> load) {
        try {
            StringBuilder sb = new StringBuilder();
            dump(load.get(), sb);
            return sb.toString();
        } catch (InvalidInputException e) {
            return "refused: " + e.diagnostics().stream().map(d -> d.render()).toList();
        }
    }

    private static void dump(YNode node, StringBuilder sb) {
        sb.append(node.pos()).append(' ');
        if (node instanceof YNode.YMap map) {
            sb.append("{\n");
            for (YNode.Entry e : map.entries().values()) {
                sb.append(e.keyPos()).append(" key ").append(e.key()).append(": ");
                dump(e.value(), sb);
            }
            sb.append("}\n");
        } else if (node instanceof YNode.YSeq seq) {
            sb.append("[\n");
            for (YNode item : seq.items()) dump(item, sb);
            sb.append("]\n");
        } else {
            YNode.YScalar s = (YNode.YScalar) node;
            sb.append(s.type()).append(' ').append(s.text()).append('\n');
        }
    }
}
