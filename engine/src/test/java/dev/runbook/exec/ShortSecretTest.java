package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.model.FailurePolicy;
import dev.runbook.plan.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret of any length is masked; a short one is also a warning that it is weak. */
class ShortSecretTest {
    private static final String SHORT = "q7z";

    @TempDir
    Path dir;

    @Test
    void aThreeCharacterSecretIsMaskedInOutputAndTheRunFolder() {
        Runs.RecordingProgress progress = new Runs.RecordingProgress();
        Path runDir = dir.resolve("run");
        RunResult r = new Executor().run(plan().secretParam("pin", SHORT)
                        .step("echo", Plans.shell(List.of("sh", "-c", "echo \"pin=$PIN\"; echo \"$PIN\" >&2; exit 3"), null,
                                Map.of("PIN", "${params.pin}"), 0))
                        .target(null).onFailure(FailurePolicy.CONTINUE).build(),
                Runs.options(runDir, progress).withConsole(null, progress, true)
                        .withEnvironment(Map.of("PATH", System.getenv("PATH"))));
        assertEquals(1, r.exitCode());
        String all = progress.all() + "\n" + r.summary() + "\n" + folderText(runDir);
        assertFalse(all.contains(SHORT), all);
        assertTrue(all.contains("pin=******"), all);
    }

    @Test
    void theMaskerMasksOneCharacterSecretsToo() {
        assertEquals("x ****** y", new SecretMasker(List.of("k")).mask("x k y"));
        assertEquals("x  y", new SecretMasker(List.of("")).mask("x  y"), "an empty secret masks nothing");
    }

    @Test
    void aShortSecretIsAWarningInValidateAndPlan() throws IOException {
        Path file = dir.resolve("runbook.yaml");
        Files.writeString(file, """
                version: 1
                id: short-secret
                params:
                  pin: { type: string, secret: true, default: "1234" }
                  token: { type: string, secret: true, required: false }
                steps:
                  - id: hello
                    mutating: false
                    shell: [echo, "${params.pin}${params.token}"]
                """);
        TestCli.Result v = TestCli.run("validate", file.toString());
        assertEquals(0, v.code(), v.all());
        assertTrue(v.err().contains("runbook.yaml:4:3: warning: secret param 'pin' has a default shorter than 8 characters"),
                v.err());
        TestCli.Result p = TestCli.run("plan", file.toString(), "--param", "token=" + SHORT);
        assertEquals(0, p.code(), p.all());
        assertTrue(p.all().contains("warning: secret param 'token' is shorter than 8 characters"), p.all());
        assertFalse(p.all().contains(SHORT), p.all());
        assertFalse(p.all().contains("1234"), p.all());
    }

    private static String folderText(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder b = new StringBuilder();
            for (Path p : files.filter(Files::isRegularFile).toList()) b.append(Files.readString(p)).append('\n');
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
