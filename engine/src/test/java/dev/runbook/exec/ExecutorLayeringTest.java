package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The executor's input is the plan: nothing in exec reaches back into parsing or validation. */
class ExecutorLayeringTest {
    private static final Pattern CLIMB = Pattern.compile("dev\\.runbook\\.(parse|validate)\\.\\w+");

    @Test
    void noExecutorClassUsesTheParseOrValidatePackages() throws IOException {
        List<String> climbs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/runbook/exec"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = CLIMB.matcher(Files.readString(f));
                while (m.find()) climbs.add(f.getFileName() + ": " + m.group());
            }
        }
        assertEquals(List.of(), climbs);
    }
}
