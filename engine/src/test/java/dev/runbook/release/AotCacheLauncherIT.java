package dev.runbook.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root launcher on JDK 24+: the first command builds the AOT cache (record + create, which crashed while
 * dumping until 'help' stopped being a method reference to a picocli class), and later commands load the
 * application's classes from it. Skipped, visibly, when no JDK 24+ is found (RUNBOOK_TEST_JDK, or /usr/lib/jvm).
 */
class AotCacheLauncherIT {
    @TempDir
    Path dir;

    private record Result(int code, String out) {}

    private Result run(Path javaHome, List<String> cmd, String javaOpts) throws Exception {
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        if (javaOpts != null) pb.environment().put("RUNBOOK_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not finish: " + cmd);
        return new Result(p.exitValue(), Files.readString(out));
    }

    /** A JDK whose release file says 24 or later. */
    private static Optional<Path> jdk24() throws Exception {
        String given = System.getenv("RUNBOOK_TEST_JDK");
        Stream<Path> candidates = given != null ? Stream.of(Path.of(given))
                : Files.isDirectory(Path.of("/usr/lib/jvm")) ? Files.list(Path.of("/usr/lib/jvm")) : Stream.empty();
        return candidates.filter(h -> feature(h) >= 24).max(Comparator.comparingInt(AotCacheLauncherIT::feature));
    }

    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) return Integer.parseInt(line.substring(14).split("[.\"]")[0]);
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    @Test
    void onJdk24PlusTheLauncherBuildsTheAotCacheAndLoadsTheApplicationFromIt() throws Exception {
        Optional<Path> jdk = jdk24();
        Assumptions.assumeTrue(jdk.isPresent(), "no JDK 24+ (set RUNBOOK_TEST_JDK): the AOT cache path is not tested");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path launcher = LauncherCopy.into(dir);
        Path cache = dir.resolve("engine/target/runbook.aot");

        Result version = run(jdk.get(), List.of(launcher.toString(), "--version"), null);
        assertEquals(0, version.code(), version.out());
        // The launcher's own heartbeat while the cache is built (every 15 s when not on a terminal) is meant to be
        // there; what must not be is anything the JVM says about the cache.
        String printed = version.out().lines().filter(l -> !l.startsWith("runbook: still preparing a faster start-up"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertEquals("runbook", printed.strip().split("\\s+")[0], "nothing but the version is printed: " + version.out());
        assertTrue(printed.contains("Java " + feature(jdk.get())), version.out());
        assertTrue(Files.size(cache) > 1_000_000, "the first command built " + cache);
        assertTrue(Files.notExists(dir.resolve("engine/target/runbook.jsa")), "no JDK 17 archive on JDK 24+");

        Path seed = repo.resolve("runbooks/staging-migrations-001-008/runbook.yaml");
        Path loaded = dir.resolve("classes.txt");
        Result validate = run(jdk.get(), List.of(launcher.toString(), "validate", seed.toString()),
                "-Xlog:class+load=info:file=" + loaded);
        assertEquals(0, validate.code(), validate.out());
        assertTrue(validate.out().contains("ok:"), validate.out());
        List<String> ours = Files.readAllLines(loaded).stream().filter(l -> l.contains(" dev.runbook.")).toList();
        long fromCache = ours.stream().filter(l -> l.contains("shared objects file")).count();
        assertTrue(fromCache > 0.9 * ours.size(), fromCache + " of " + ours.size() + " dev.runbook classes from the cache");
    }
}
