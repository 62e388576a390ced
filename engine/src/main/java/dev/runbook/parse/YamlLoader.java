package dev.runbook.parse;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import dev.runbook.model.Limits;
import dev.runbook.parse.YNode.YScalar.ScalarType;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads one YAML document into a {@link YNode} tree with positions, refusing what could hurt:
 * oversized files, alias bombs, absurd nesting, duplicate keys, multiple documents.
 */
public final class YamlLoader {
    private static final long MAX_FILE_BYTES = Limits.MAX_RUNBOOK_BYTES;
    private static final int MAX_ALIASES = Limits.MAX_ALIASES;
    private static final int MAX_DEPTH = Limits.MAX_YAML_DEPTH;
    private static final int MAX_NODES = Limits.MAX_YAML_NODES;

    private final String displayName;
    private String text = "";
    private int[] lineStarts;
    private int nodeCount;

    private YamlLoader(String displayName) {
        this.displayName = displayName;
    }

    /** Loads a file; {@code displayName} is how positions name it (usually the path as the user typed it). */
    public static YNode load(Path file, String displayName) {
        return load(file, displayName, new SourceSet());
    }

    /** Loads a file through the command's one reader, so its bytes are the ones the plan hashes. */
    public static YNode load(Path file, String displayName, SourceSet sources) {
        return new YamlLoader(displayName).loadFile(file, sources);
    }

    /** Loads text (tests, includes already read). */
    public static YNode loadText(String text, String displayName) {
        return new YamlLoader(displayName).parse(text);
    }

    /** Loads text through SnakeYAML's composed node graph only, the reference the direct read must equal (tests). */
    static YNode loadTextComposed(String text, String displayName) {
        return new YamlLoader(displayName).parse(text, Read.COMPOSED);
    }

    /** The direct read alone: null where the loader would read the text through the composed graph (tests). */
    static YNode loadTextDirectOnly(String text, String displayName) {
        return new YamlLoader(displayName).parse(text, Read.DIRECT_ONLY);
    }

    /** How {@link #parse} reads: the direct read with the composed one behind it, or one of them alone (tests). */
    private enum Read { DIRECT_THEN_COMPOSED, COMPOSED, DIRECT_ONLY }

    private YNode loadFile(Path file, SourceSet sources) {
        Position at = Position.of(displayName);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw InvalidInputException.of(Diagnostic.error("RB001", at, "file not found",
                    "check the path; it is resolved against the current directory"));
        } catch (IOException e) {
            throw InvalidInputException.of(Diagnostic.error("RB001", at, "cannot read file: " + e.getMessage(), null));
        }
        if (Files.isDirectory(file)) {
            throw InvalidInputException.of(Diagnostic.error("RB001", at, "is a directory, expected a runbook YAML file", null));
        }
        if (size > MAX_FILE_BYTES) {
            throw InvalidInputException.of(Diagnostic.error("RB002", at,
                    String.format("file is %,d bytes; runbooks are limited to %,d bytes (1 MB)", size, MAX_FILE_BYTES),
                    "split large SQL into files referenced with sql: {file: ...} or use include"));
        }
        try {
            return parse(SourceText.decode(sources.bytes(file)));
        } catch (CharacterCodingException e) {
            throw InvalidInputException.of(Diagnostic.error("RB003", at, "file is not valid UTF-8", "save the file as UTF-8"));
        } catch (IOException e) {
            throw InvalidInputException.of(Diagnostic.error("RB001", at, "cannot read file: " + e.getMessage(), null));
        }
    }

    private YNode parse(String text) {
        return parse(text, Read.DIRECT_THEN_COMPOSED);
    }

    private YNode parse(String text, Read how) {
        this.text = text;
        this.lineStarts = null;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        Yaml12Resolver resolver = new Yaml12Resolver();
        YNode direct = how == Read.COMPOSED ? null : direct(new ParserImpl(new StreamReader(text), options), resolver);
        if (direct != null || how == Read.DIRECT_ONLY) return direct;
        nodeCount = 0;
        Node root;
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), resolver, options);
            root = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            throw InvalidInputException.of(syntaxError(e));
        } catch (YAMLException e) {
            throw InvalidInputException.of(Diagnostic.error("RB010", unmarkedPosition(text, e),
                    "YAML refused: " + e.getMessage(), hintFor(e.getMessage())));
        } catch (NumberFormatException e) {
            // SnakeYAML decodes a cut-off backslash-u escape without checking it is there (found by ComponentFuzzTest).
            throw InvalidInputException.of(Diagnostic.error("RB010", badEscape(text),
                    "invalid YAML: an escape in a double-quoted string is cut off",
                    "write \\uXXXX with four hex digits (\\xXX two, \\UXXXXXXXX eight), or use single quotes"));
        }
        if (root == null) {
            throw InvalidInputException.of(Diagnostic.error("RB011", new Position(displayName, 1, 1),
                    "the file is empty", "a runbook needs at least version, id and steps"));
        }
        return convert(root, 0);
    }

    /** SnakeYAML's alias and nesting limits carry no mark; point at the alias or the collection that crossed it. */
    private Position unmarkedPosition(String text, YAMLException e) {
        if (e.getMessage() != null && e.getMessage().contains("Nesting Depth")) {
            Position at = deepestCollection(text);
            if (at != null) return at;
        }
        if (e.getMessage() != null && e.getMessage().contains("aliases")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\*[A-Za-z0-9_-]+").matcher(text);
            int seen = 0;
            while (m.find()) {
                if (++seen > MAX_ALIASES) {
                    int line = 1;
                    int lineStart = 0;
                    for (int i = 0; i < m.start(); i++) if (text.charAt(i) == '\n') { line++; lineStart = i + 1; }
                    return new Position(displayName, line, m.start() - lineStart + 1);
                }
            }
        }
        return new Position(displayName, 1, 1);
    }

    /** Where the first \\x, \\u or \\U escape without its hex digits is (a line and column, for the message). */
    private Position badEscape(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\\\(?:x(?![0-9A-Fa-f]{2})|u(?![0-9A-Fa-f]{4})|U(?![0-9A-Fa-f]{8}))").matcher(text);
        int at = m.find() ? m.start() : 0;
        int[] starts = lineStarts();
        int line = java.util.Arrays.binarySearch(starts, at);
        line = line >= 0 ? line : -line - 2;
        return new Position(displayName, line + 1, at - starts[line] + 1);
    }

    /** The first collection nested deeper than the limit, found from parser events (a loop, not a recursion). */
    private Position deepestCollection(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        int depth = 0;
        try {
            while (parser.peekEvent() != null) {
                org.yaml.snakeyaml.events.Event event = parser.getEvent();
                if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent && ++depth > MAX_DEPTH) {
                    return new Position(displayName, event.getStartMark().getLine() + 1, event.getStartMark().getColumn() + 1);
                }
                if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) depth--;
            }
        } catch (YAMLException ignored) {
            // a syntax error later in the text; the depth was not crossed before it
        }
        return null;
    }

    private Diagnostic syntaxError(MarkedYAMLException e) {
        Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Position at = m == null ? Position.of(displayName) : new Position(displayName, m.getLine() + 1, m.getColumn() + 1);
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        return Diagnostic.error("RB010", at, "invalid YAML: " + problem.trim() + context, hintFor(problem));
    }

    private static String hintFor(String problem) {
        if (problem == null) return null;
        if (problem.contains("TAB") || problem.contains("\\t")) return "YAML indentation must use spaces, not tabs";
        if (problem.contains("aliases")) return "too many aliases: anchors and aliases are limited to " + MAX_ALIASES;
        if (problem.contains("Nesting Depth")) return "nesting is limited to " + MAX_DEPTH + " levels";
        if (problem.contains("expected a single document")) return "a runbook file holds one YAML document; remove the extra '---'";
        if (problem.contains("mapping values are not allowed")) return "a ':' inside a plain value needs quotes";
        return "check indentation and quoting around this position";
    }

    private Position pos(Node n) {
        return pos(n.getStartMark());
    }

    private Position pos(Mark m) {
        return new Position(displayName, m.getLine() + 1, m.getColumn() + 1);
    }

    /**
     * The tree straight from the parser's events, without SnakeYAML's node graph (a second tree of the whole file,
     * and a quarter of what reading one allocated). Only the plain case is read here: null when the document has an
     * alias, an explicit tag, a key that is not a plain string, a duplicate or merge key, is empty, holds two
     * documents, nears a limit, or does not parse; the composed path then reads it again, so every refusal, message
     * and its order stay that path's.
     */
    private YNode direct(ParserImpl parser, Yaml12Resolver resolver) {
        try {
            parser.getEvent(); // the stream's start
            if (!parser.checkEvent(Event.ID.DocumentStart)) return null;
            parser.getEvent();
            YNode root = directNode(parser, resolver, 0);
            if (root == null || !parser.checkEvent(Event.ID.DocumentEnd)) return null;
            parser.getEvent();
            return parser.checkEvent(Event.ID.StreamEnd) ? root : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One node, as {@link #convert} makes it from the composed one; null to have the composed path read the file. */
    private YNode directNode(ParserImpl parser, Yaml12Resolver resolver, int depth) {
        if (++nodeCount > MAX_NODES || depth >= MAX_DEPTH) return null;
        Event event = parser.getEvent();
        if (event instanceof ScalarEvent scalar) {
            Tag tag = implicitTag(scalar, resolver);
            if (tag == null) return null;
            Position at = scalar.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                    || scalar.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED
                    ? blockContentStart(scalar.getStartMark()) : pos(scalar.getStartMark());
            return new YNode.YScalar(at, scalar.getValue(), scalarType(tag));
        }
        if (!(event instanceof CollectionStartEvent start) || !(start.getTag() == null || start.getTag().equals("!"))) {
            return null;
        }
        if (start instanceof SequenceStartEvent) {
            List<YNode> items = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                YNode item = directNode(parser, resolver, depth + 1);
                if (item == null) return null;
                items.add(item);
            }
            parser.getEvent();
            return new YNode.YSeq(pos(start.getStartMark()), items);
        }
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            if (!(parser.getEvent() instanceof ScalarEvent key)) return null;
            Tag keyTag = implicitTag(key, resolver);
            if (keyTag == null || Tag.MERGE.equals(keyTag) || entries.containsKey(key.getValue())) return null;
            YNode value = directNode(parser, resolver, depth + 1);
            if (value == null) return null;
            entries.put(key.getValue(), new YNode.Entry(key.getValue(), pos(key.getStartMark()), value));
        }
        parser.getEvent();
        return new YNode.YMap(pos(start.getStartMark()), entries);
    }

    /** A scalar's tag as the composer resolves an untagged one; null for an explicit tag (the composer judges those). */
    private static Tag implicitTag(ScalarEvent scalar, Yaml12Resolver resolver) {
        String tag = scalar.getTag();
        if (tag != null && !tag.equals("!")) return null;
        return resolver.resolve(NodeId.scalar, scalar.getValue(), scalar.getImplicit().canOmitTagInPlainScalar());
    }

    private YNode convert(Node node, int depth) {
        if (++nodeCount > MAX_NODES) {
            throw InvalidInputException.of(Diagnostic.error("RB012", pos(node),
                    String.format("document expands to more than %,d nodes (an alias bomb?)", MAX_NODES),
                    "remove the repeated aliases"));
        }
        if (depth > MAX_DEPTH) {
            throw InvalidInputException.of(Diagnostic.error("RB013", pos(node),
                    "nesting deeper than " + MAX_DEPTH + " levels", "flatten the structure"));
        }
        if (node instanceof MappingNode map) {
            return convertMap(map, depth);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) items.add(convert(item, depth + 1));
            return new YNode.YSeq(pos(node), items);
        }
        ScalarNode scalar = (ScalarNode) node;
        Position at = scalar.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                || scalar.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED ? blockContentStart(node.getStartMark()) : pos(node);
        return new YNode.YScalar(at, scalar.getValue(), scalarType(scalar.getTag()));
    }

    /** A block scalar ('|' or '>') starts on the line after its indicator; SQL positions count from there. */
    private Position blockContentStart(Mark start) {
        int line = start.getLine() + 1;
        int[] starts = lineStarts();
        if (line >= starts.length) return pos(start);
        int offset = starts[line];
        int col = 0;
        while (offset + col < text.length() && text.charAt(offset + col) == ' ') col++;
        return new Position(displayName, line + 1, col + 1);
    }

    /** Offsets where each line of the text starts, found once (a runbook may hold thousands of block scalars). */
    private int[] lineStarts() {
        if (lineStarts == null) {
            int[] starts = new int[64];
            int n = 0;
            starts[n++] = 0;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (n == starts.length) starts = java.util.Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
            lineStarts = java.util.Arrays.copyOf(starts, n);
        }
        return lineStarts;
    }

    private YNode convertMap(MappingNode map, int depth) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                throw InvalidInputException.of(Diagnostic.error("RB014", pos(k), "keys must be plain strings",
                        "complex keys ('? ...') are not supported"));
            }
            if (Tag.MERGE.equals(ks.getTag())) {
                throw InvalidInputException.of(Diagnostic.error("RB015", pos(k), "merge keys ('<<') are not supported",
                        "write the keys out, or use include for shared steps"));
            }
            String key = ks.getValue();
            YNode.Entry previous = entries.get(key);
            if (previous != null) {
                throw InvalidInputException.of(Diagnostic.error("RB016", pos(k),
                        "duplicate key '" + key + "' (first defined at " + previous.keyPos() + ")",
                        "remove one of the two; YAML would silently keep only the last"));
            }
            entries.put(key, new YNode.Entry(key, pos(k), convert(t.getValueNode(), depth + 1)));
        }
        return new YNode.YMap(pos(map), entries);
    }

    private static ScalarType scalarType(Tag tag) {
        if (Tag.INT.equals(tag)) return ScalarType.INT;
        if (Tag.FLOAT.equals(tag)) return ScalarType.FLOAT;
        if (Tag.BOOL.equals(tag)) return ScalarType.BOOL;
        if (Tag.NULL.equals(tag)) return ScalarType.NULL;
        return ScalarType.STRING;
    }

    /** Decodes bytes strictly as UTF-8 and drops a BOM, so hashes and positions agree across editors. */
    static final class SourceText {
        private SourceText() {}

        static String decode(byte[] bytes) throws CharacterCodingException {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        }
    }
}
