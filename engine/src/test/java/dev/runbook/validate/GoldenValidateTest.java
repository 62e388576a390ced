package dev.runbook.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each YAML under golden/validate states the diagnostics it must produce with
 * {@code # expect: LINE:COL SEVERITY CODE [message fragment]} comments, no more and no fewer.
 */
class GoldenValidateTest {
    private static final Path DIR = Path.of("src/test/resources/golden/validate");
    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(?:([^\\s:]+):)?(\\d+):(\\d+)\\s+(error|warning)\\s+(RB\\d+)\\s*(.*)$");

    @TestFactory
    Stream<DynamicTest> everyGoldenFileProducesExactlyItsExpectedDiagnostics() throws IOException {
        RunbookValidator validator = new RunbookValidator();
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "golden files present");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String[]> expected = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                Matcher m = EXPECT.matcher(line.trim());
                if (m.find()) {
                    String where = m.group(1) == null ? file.getFileName().toString() : m.group(1);
                    expected.add(new String[] {where + ":" + m.group(2), m.group(3), m.group(4), m.group(5), m.group(6).trim()});
                }
            }
            ValidatedRunbook result = validator.validate(file, file.getFileName().toString());
            List<String> actual = result.diagnostics().stream().map(GoldenValidateTest::describe).toList();
            for (String[] e : expected) {
                String head = e[0] + ":" + e[1] + " " + e[2] + " " + e[3];
                boolean found = result.diagnostics().stream().anyMatch(d -> describe(d).startsWith(head + " ")
                        && d.message().contains(e[4]));
                assertTrue(found, file.getFileName() + ": expected " + head + " '" + e[4] + "' in\n" + String.join("\n", actual));
            }
            assertEquals(expected.size(), actual.size(), file.getFileName() + ": unexpected diagnostics:\n" + String.join("\n", actual));

        }));
    }

    private static String describe(Diagnostic d) {
        return d.position().file() + ":" + d.position().line() + ":" + d.position().column() + " " + d.severity().label() + " " + d.code() + " "
                + d.message();
    }
}
