package dev.runbook.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deterministic mutation fuzzer over the seed runbooks in runbooks/: each case mutates one seed (byte
 * flips, deleted or duplicated lines, deep nesting, long strings, unicode and control characters, hostile
 * expressions and paths), validates it in-process through the command line, and checks the contract a
 * user relies on: exit 0 or 2, every error with its position, no internal error or stack trace, no raw
 * control character printed, under 10 s. {@code -Drunbook.fuzz.cases=2000} runs more cases,
 * {@code -Drunbook.fuzz.seed=N} another sequence, {@code -Drunbook.fuzz.case=N} one case alone; a failure
 * names the seed and case and keeps the input under engine/target/fuzz-violations/.
 */
class MutationFuzzTest {
    private static final int CASES = Integer.getInteger("runbook.fuzz.cases", 300);
    private static final long SEED = Long.getLong("runbook.fuzz.seed", 14L);
    /** One case alone, to reproduce a reported violation: each case has its own random sequence. */
    private static final Integer ONLY = Integer.getInteger("runbook.fuzz.case");
    /** Inputs that broke the contract are kept here (the temp folder goes when the test ends). */
    private static final Path KEPT = Path.of("target", "fuzz-violations");
    private static final long MAX_MILLIS = 10_000;
    /** A diagnostic line: position (line:col except for whole-file errors), severity, message, code. */
    private static final Pattern DIAGNOSTIC = Pattern.compile("^(.+?)(:\\d+:\\d+)?: (error|warning): .* \\[(RB\\d{3})]$");
    private static final Pattern FILE_LEVEL = Pattern.compile("RB00[1-3]");

    @TempDir
    Path work;

    @Test
    void mutatedSeedRunbooksKeepTheContract() throws IOException {
        List<Path> seeds = copySeeds();
        assertTrue(seeds.size() >= 5, "seed runbooks found: " + seeds);
        List<String> violations = new ArrayList<>();
        long slowest = 0;
        for (int i = ONLY == null ? 0 : ONLY; i < (ONLY == null ? CASES : ONLY + 1) && violations.size() < 5; i++) {
            Random random = new Random(SEED * 1_000_003L + i);
            Path seed = seeds.get(random.nextInt(seeds.size()));
            byte[] input = Mutations.mutate(Files.readAllBytes(seed), random);
            Path file = seed.resolveSibling("fuzz-" + i + ".yaml");
            Files.write(file, input);
            long started = System.nanoTime();
            TestCli.Result r = TestCli.run("validate", file.toString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            slowest = Math.max(slowest, millis);
            String problem = violation(r, millis);
            if (problem != null) {
                Files.createDirectories(KEPT);
                Path kept = KEPT.resolve(seed.getParent().getFileName() + "-seed" + SEED + "-case" + i + ".yaml");
                Files.write(kept, input);
                violations.add("seed " + SEED + " case " + i + " (" + seed.getParent().getFileName() + "): " + problem
                        + "\n  input kept as " + kept + "\n  " + r.all().lines().limit(6).reduce((a, b) -> a + "\n  " + b)
                        .orElse(""));
            } else {
                Files.delete(file);
            }
        }
        assertTrue(violations.isEmpty(), violations.size() + " contract violation(s) in " + CASES + " cases (slowest "
                + slowest + " ms):\n" + String.join("\n", violations));
    }

    /** What breaks the contract in one result, or null. */
    static String violation(TestCli.Result r, long millis) {
        if (r.code() != 0 && r.code() != 2) return "exit " + r.code();
        if (millis > MAX_MILLIS) return "took " + millis + " ms";
        String all = r.all();
        if (all.contains("internal error") || all.contains("\tat ") || all.contains("Exception")) {
            return "internal error or stack trace";
        }
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (dev.runbook.reports.text.Printable.needsEscape(c) && c != '\n' && c != '\t' && c != '\r') {
                return String.format("raw control character U+%04X in the output", (int) c);
            }
        }
        boolean sawError = false;
        for (String line : r.err().split("\n")) {
            if (!line.contains(": error: ") && !line.contains(": warning: ")) continue;
            var m = DIAGNOSTIC.matcher(line);
            if (!m.matches()) return "malformed diagnostic: " + line;
            if (m.group(2) == null && !FILE_LEVEL.matcher(m.group(4)).matches()) return "no line:col in: " + line;
            sawError |= m.group(3).equals("error");
        }
        if (r.code() == 2 && !sawError) return "exit 2 without a positioned error";
        return null;
    }

    /** Each seed folder copied once (its SQL, migrations and fragments with it), so mutants resolve their files. */
    private List<Path> copySeeds() throws IOException {
        Path root = Path.of("..", "runbooks");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path target = work.resolve(dir.getFileName().toString());
                try (Stream<Path> files = Files.walk(dir)) {
                    files.forEach(p -> copy(p, target.resolve(dir.relativize(p).toString())));
                }
                if (Files.exists(target.resolve("runbook.yaml"))) out.add(target.resolve("runbook.yaml"));
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) Files.createDirectories(to);
            else Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mutations, each a pure function of the input and the random sequence. */
    static final class Mutations {
        private static final String[] HOSTILE_VALUES = {
            "\"" + "(".repeat(3000) + "1" + ")".repeat(3000) + "\"", "\"" + "!".repeat(5000) + "x\"",
            "\"''.format('%2000000000d', 1) == ''\"", "\"''.'class' == ''\"", "\"''['class'] == ''\"",
            "\"''./*c*/getClass() == ''\"", "\"'x'.repeat(2000000000) == ''\"", "\"${" + "[".repeat(2000) + "}\"",
            "\"\"", "\"\\0\"", "{file: sql}", "{file: \"a\\0b.sql\"}", "{file: ../../../etc/passwd}", "[]", "{}",
            "\"\\e[2J\\e]0;pwned\\a\"", "\"\\u202e\"", "!!binary AAAA", "*nope", "&a [*a]", "~", "0x7fffffffffffffff",
            "\"" + "x".repeat(100_000) + "\"", "|\n      SELECT 1\n      GO 2x", "{engine: \"\"}",
        };
        private static final String[] UNICODE = {"\u0000", "\u001b[31m", "\u202e", "\uFEFF", "\uD83D\uDE00", "é", "漢",
            "\u0085", "\u2028", "\uFFFF", "\t", "\r", "'", "\"", ":", "- ", "{", "[", "&x", "*x", "%", "@", "`", "!"};

        private Mutations() {}

        static byte[] mutate(byte[] seed, Random random) {
            byte[] out = seed;
            int rounds = 1 + random.nextInt(3);
            for (int i = 0; i < rounds; i++) out = once(out, random);
            return out;
        }

        private static byte[] once(byte[] in, Random r) {
            switch (r.nextInt(8)) {
                case 0 -> {
                    byte[] out = in.clone();
                    int flips = 1 + r.nextInt(4);
                    for (int k = 0; k < flips && out.length > 0; k++) out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
                    return out;
                }
                case 1 -> {
                    List<String> lines = lines(in);
                    if (!lines.isEmpty()) lines.remove(r.nextInt(lines.size()));
                    return join(lines);
                }
                case 2 -> {
                    List<String> lines = lines(in);
                    if (!lines.isEmpty()) {
                        int at = r.nextInt(lines.size());
                        int times = 1 + r.nextInt(r.nextBoolean() ? 3 : 200);
                        for (int k = 0; k < times; k++) lines.add(at, lines.get(at));
                    }
                    return join(lines);
                }
                case 3 -> {
                    List<String> lines = lines(in);
                    int depth = 10 + r.nextInt(r.nextBoolean() ? 40 : 5000);
                    String nest = r.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{a: ".repeat(depth) + "}".repeat(depth);
                    lines.add(r.nextInt(lines.size() + 1), "x" + r.nextInt(100) + ": " + nest);
                    return join(lines);
                }
                case 4 -> {
                    String text = new String(in, StandardCharsets.UTF_8);
                    int at = r.nextInt(text.length() + 1);
                    String chunk = String.valueOf((char) ('a' + r.nextInt(26))).repeat(1 + r.nextInt(r.nextBoolean() ? 200 : 300_000));
                    return (text.substring(0, at) + chunk + text.substring(at)).getBytes(StandardCharsets.UTF_8);
                }
                case 5 -> {
                    String text = new String(in, StandardCharsets.UTF_8);
                    int at = r.nextInt(text.length() + 1);
                    return (text.substring(0, at) + UNICODE[r.nextInt(UNICODE.length)] + text.substring(at))
                            .getBytes(StandardCharsets.UTF_8);
                }
                case 6 -> {
                    // A value replaced by something hostile: the line keeps its key and indentation.
                    List<String> lines = lines(in);
                    List<Integer> keyed = new ArrayList<>();
                    for (int k = 0; k < lines.size(); k++) if (lines.get(k).matches("\\s*-?\\s*[a-z_]+: .+")) keyed.add(k);
                    if (!keyed.isEmpty()) {
                        int k = keyed.get(r.nextInt(keyed.size()));
                        String line = lines.get(k);
                        lines.set(k, line.substring(0, line.indexOf(": ") + 2) + HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)]);
                    }
                    return join(lines);
                }
                default -> {
                    int cut = in.length == 0 ? 0 : r.nextInt(in.length);
                    return java.util.Arrays.copyOf(in, cut);
                }
            }
        }

        private static List<String> lines(byte[] in) {
            return new ArrayList<>(List.of(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
        }

        private static byte[] join(List<String> lines) {
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }
    }
}
