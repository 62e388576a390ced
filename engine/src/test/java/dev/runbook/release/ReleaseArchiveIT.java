package dev.runbook.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive built by {@code mvn package} runs with a Java runtime alone: unpacked in an empty folder,
 * away from the source tree, {@code bin/runbook} prints its version and validates a seed runbook.
 */
class ReleaseArchiveIT {
    @TempDir
    Path dir;

    private record Result(int code, String out) {}

    private Result run(Path cwd, List<String> cmd) throws Exception {
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not finish: " + cmd);
        return new Result(p.exitValue(), Files.readString(out));
    }

    @Test
    void theUnpackedArchiveRunsWithTheJavaRuntimeAlone() throws Exception {
        Path archive = Path.of(System.getProperty("release.archive"));
        assertTrue(Files.isRegularFile(archive), "mvn package builds " + archive);
        Result untar = run(dir, List.of("tar", "-xzf", archive.toString()));
        assertEquals(0, untar.code(), untar.out());
        Path home = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("runbook-")).findFirst().orElseThrow();
        Path bin = home.resolve("bin/runbook");
        assertTrue(Files.isExecutable(bin), bin + " is executable");
        assertTrue(Files.isRegularFile(home.resolve("lib/runbook.jar")), "lib/ holds the tool");

        Result version = run(dir, List.of(bin.toString(), "--version"));
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().toLowerCase().contains("runbook"), version.out());

        Path seed = Path.of("..", "runbooks", "staging-migrations-001-008").toAbsolutePath().normalize();
        Result validate = run(dir, List.of(bin.toString(), "validate", seed.resolve("runbook.yaml").toString()));
        assertEquals(0, validate.code(), validate.out());
        assertTrue(validate.out().contains("ok:"), validate.out());
    }
}
