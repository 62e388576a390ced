package dev.runbook.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the root launcher beside a copy of the built jar and the dependencies its manifest names in lib/: the
 * launcher finds no sources there, so it builds nothing and goes straight to its start-up archive or cache.
 */
final class LauncherCopy {
    private LauncherCopy() {}

    /** @return the copied launcher */
    static Path into(Path dir) throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path lib = Files.createDirectories(dir.resolve("engine/target/lib"));
        Files.copy(repo.resolve("runbook"), dir.resolve("runbook"));
        Files.copy(repo.resolve("engine/target/runbook.jar"), dir.resolve("engine/target/runbook.jar"));
        try (Stream<Path> jars = Files.list(repo.resolve("engine/target/lib"))) {
            for (Path jar : jars.toList()) Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        return dir.resolve("runbook");
    }
}
