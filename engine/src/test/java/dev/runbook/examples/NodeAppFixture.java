package dev.runbook.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A checkout of the Node application of seed 001 (engine/src/test/fixtures/nekomorto-app) in a temporary folder,
 * with its devDependency "prisma" (the fixture's stand-in under vendor/) linked into node_modules as npm would,
 * a public/uploads folder to reorganise, and its HTTP server started and restarted as the operator would.
 */
final class NodeAppFixture implements AutoCloseable {
    static final Path SOURCE = Path.of("src/test/fixtures/nekomorto-app");
    static final List<String> ALL_MIGRATIONS = List.of("20240101000000_init", "20240301000000_rbac_v2",
            "20240401000000_upload_inventory");

    /** The uploads before any reorganisation: flat dated files, a project's cached remote image, a logo. */
    static final Map<String, String> UPLOADS = Map.of(
            "2024-05-cover.png", "cover",
            "2024-06-project-hoshi-banner.png", "hoshi banner",
            "remote-cache/hoshi__poster.jpg", "hoshi poster",
            "logo.svg", "<svg/>");

    final Path dir;
    private final Map<String, String> env;
    private final int port;
    private Process server;

    private NodeAppFixture(Path dir, Map<String, String> env, int port) {
        this.dir = dir;
        this.env = env;
        this.port = port;
    }

    /** Why this machine cannot run the fixture (no node or npm on PATH), or null. */
    static String missingTools() {
        for (String tool : List.of("node", "npm", "npx", "psql")) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return tool + " --version failed";
            } catch (IOException e) {
                return "no " + tool + " on PATH";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    /** A checkout at {@code dir} holding the given migrations only, uploads laid out as before the change. */
    static NodeAppFixture checkout(Path dir, Map<String, String> env, List<String> migrations) throws IOException {
        copy(SOURCE, dir);
        try (Stream<Path> s = Files.list(dir.resolve("prisma/migrations"))) {
            for (Path m : s.toList()) {
                if (!migrations.contains(m.getFileName().toString())) deleteTree(m);
            }
        }
        Path modules = Files.createDirectories(dir.resolve("node_modules/.bin"));
        Files.createSymbolicLink(modules.resolveSibling("prisma"), Path.of("../vendor/prisma"));
        Files.createSymbolicLink(modules.resolve("prisma"), Path.of("../prisma/cli.js"));
        Files.setPosixFilePermissions(dir.resolve("vendor/prisma/cli.js"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Map.Entry<String, String> u : UPLOADS.entrySet()) {
            Path f = dir.resolve("public/uploads").resolve(u.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, u.getValue());
        }
        try (ServerSocket free = new ServerSocket(0)) {
            return new NodeAppFixture(dir, env, free.getLocalPort());
        }
    }

    /** The new release's migrations in the checkout (a pull after the previous release was deployed). */
    void pullNewRelease() throws IOException {
        copy(SOURCE.resolve("prisma/migrations"), dir.resolve("prisma/migrations"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code npm run SCRIPT -- ARGS} in the checkout; asserts it succeeded and returns its output. */
    String npm(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("npm", "run", "--silent", script));
        if (args.length > 0) cmd.add("--");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "npm run " + script + " timed out");
        assertEquals(0, p.exitValue(), "npm run " + script + ": " + out);
        return out;
    }

    /**
     * Stops the server if it runs and starts {@code node dist/server.js} (what {@code npm run start} runs) with
     * MAINTENANCE_MODE as given: the restart the runbook's approval steps stand for.
     */
    void restart(boolean maintenance) throws IOException, InterruptedException {
        stop();
        ProcessBuilder pb = new ProcessBuilder("node", "dist/server.js").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("MAINTENANCE_MODE", String.valueOf(maintenance));
        server = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("listening on"), "the server did not start: " + line);
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // The server's log is not what the test checks; reading it keeps its pipe from filling.
                }
            } catch (IOException ignored) {
                // The server stopped.
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    private void stop() throws InterruptedException {
        if (server == null) return;
        server.destroy();
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server did not stop");
        server = null;
    }

    /** Relative path to content of every file under public/uploads. */
    Map<String, String> uploads() throws IOException {
        Path root = dir.resolve("public/uploads");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
